"""What other apps use from notifications (the Python interface, not HTTP).

- `notify(...)`, `email_queue(...)`, `email_render(...)`: in-app notices and the e-mail outbox.
- `daily_job`, `frequent_job`: register a scheduled job (run by `manage.py run_jobs`).
- `unread_count(*, user) -> int`: the badge in the navigation.
"""

from certify.notifications.scheduler import daily_job, frequent_job
from certify.notifications.selectors import unread_count
from certify.notifications.services import email_queue, email_render, notify

__all__ = [
    "daily_job",
    "email_queue",
    "email_render",
    "frequent_job",
    "notify",
    "unread_count",
]
