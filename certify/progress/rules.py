import rules

from certify.accounts.api import is_candidate, is_program_staff

rules.add_perm("progress.view_own_plan", is_candidate)
rules.add_perm("progress.view_any_plan", is_program_staff)
rules.add_perm("progress.move_plans", is_program_staff)
