import rules

from certify.accounts.api import is_program_staff

rules.add_perm("notifications.view_outbox", is_program_staff)
rules.add_perm("notifications.retry_email", is_program_staff)
rules.add_perm("notifications.send_test_email", is_program_staff)
rules.add_perm("notifications", is_program_staff)
rules.add_perm("notifications.view_jobrun", is_program_staff)
