"""The scheduled jobs of payments."""

from datetime import datetime

from certify.notifications.api import frequent_job
from certify.payments.services.expiries import checkout_expiries_due_send
from certify.payments.services.refunds import refunds_due_send


@frequent_job("refunds.send_due")
def send_due_refunds(now: datetime) -> str:
    """Card refunds due again after a failed try, or whose task was lost, are tried now."""
    return f"{refunds_due_send(now=now)} card refund(s) tried"


@frequent_job("checkouts.expire_due")
def expire_due_checkouts(now: datetime) -> str:
    """Card checkouts to close at Stripe whose retry is due, or whose task was lost."""
    return f"{checkout_expiries_due_send(now=now)} card checkout(s) tried"
