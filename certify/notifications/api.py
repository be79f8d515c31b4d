"""What other apps use from notifications (the Python interface, not HTTP).

- `notify(...)`, `email_queue(...)`, `email_render(...)`: in-app notices and the e-mail outbox.
- `relay_check(...)`, `relay_send(...)`: e-mail on a person's behalf to an address that need not
  be an account, within the limits of ADR 0029 (docs/decisions/0029-no-relaying.md).
- `daily_job`, `frequent_job`: register a scheduled job (run by `manage.py run_jobs`);
  `last_completed_day(job=..., before=...)`: the last day a daily job ran to the end.
- `unread_count(*, user) -> int`: the badge in the navigation.
"""

from certify.notifications.relay import relay_check, relay_send
from certify.notifications.scheduler import daily_job, frequent_job, last_completed_day
from certify.notifications.selectors import unread_count
from certify.notifications.services import email_queue, email_render, notify

__all__ = [
    "daily_job",
    "email_queue",
    "email_render",
    "frequent_job",
    "last_completed_day",
    "notify",
    "relay_check",
    "relay_send",
    "unread_count",
]
