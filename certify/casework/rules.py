import rules

from certify.accounts.api import is_program_staff

rules.add_perm("casework.save_filters", is_program_staff)
