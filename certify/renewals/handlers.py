"""Scheduled jobs: reminders and lapse notices once a day; paid renewals move on at once."""

from datetime import date, datetime

from certify.notifications.api import daily_job, frequent_job
from certify.payments.models import Invoice
from certify.renewals.models import Renewal
from certify.renewals.services import reminders_send, renewal_sync


@daily_job("renewals.reminders")
def renewal_reminders(today: date) -> str:
    reminders, lapses = reminders_send(today=today)
    return f"{reminders} renewal reminder(s) and {lapses} lapse notice(s) sent"


@frequent_job("renewals.paid_sync")
def paid_renewals(now: datetime) -> str:
    """Renewals whose fee was paid (card, cheque or a scholarship credit) move on."""
    due = Renewal.objects.filter(
        status=Renewal.Status.SUBMITTED, invoice__status=Invoice.Status.PAID
    ).order_by("id")
    moved = sum(renewal_sync(renewal=r).status != Renewal.Status.SUBMITTED for r in due)
    return f"{moved} paid renewal(s) moved on"
