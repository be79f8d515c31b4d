"""The scheduled jobs of payments."""

from datetime import datetime

from certify.notifications.api import frequent_job
from certify.payments.services.refunds import refunds_due_send


@frequent_job("refunds.send_due")
def send_due_refunds(now: datetime) -> str:
    """Card refunds due again after a failed try, or whose task was lost, are tried now."""
    return f"{refunds_due_send(now=now)} card refund(s) tried"
