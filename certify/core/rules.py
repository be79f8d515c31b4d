import rules

from certify.accounts.rules import is_program_staff

rules.add_perm("core.use_admin", is_program_staff)
rules.add_perm("core.view_auditevent", is_program_staff)
rules.add_perm("core", is_program_staff)
