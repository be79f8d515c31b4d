"""What other apps use from notifications (the Python interface, not HTTP)."""

from certify.notifications.scheduler import daily_job, frequent_job
from certify.notifications.services import email_queue, email_render, notify

__all__ = ["daily_job", "email_queue", "email_render", "frequent_job", "notify"]
