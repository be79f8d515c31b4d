import rules

from certify.accounts.api import is_program_staff

rules.add_perm("appeals.review_appeal", is_program_staff)
