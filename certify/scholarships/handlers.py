"""Hooks into other apps: who confirms a sponsor's memberships, and the scheduled award jobs."""

from datetime import date, datetime

from django.db.models import Q

from certify.memberships.api import sponsor_check
from certify.notifications.api import daily_job, frequent_job
from certify.payments.models import Invoice
from certify.scholarships.models import Award, Purpose, SponsorMember
from certify.scholarships.services import award_expire, award_sync


@sponsor_check
def runs_the_organisations_sponsor(user, organisation) -> bool:
    """SSD memberships are confirmed by the people who run the sponsor linked to SSD."""
    return SponsorMember.objects.filter(
        user=user, sponsor__organisation=organisation, sponsor__is_active=True
    ).exists()


@frequent_job("scholarships.awards_sync")
def sync_awards(now: datetime) -> str:
    """Mark awards paid once their invoice is settled; credit renewal awards on a new invoice."""
    due = Award.objects.filter(status=Award.Status.COMMITTED).filter(
        Q(invoice__status__in=[Invoice.Status.PAID, Invoice.Status.REFUNDED])
        | Q(invoice__isnull=True, purpose=Purpose.RENEWAL)
    )
    changed = 0
    for award in due.order_by("id"):
        before = (award.status, award.invoice_id)
        award = award_sync(award=award)
        changed += (award.status, award.invoice_id) != before
    return f"{changed} scholarship award(s) brought up to date"


@daily_job("scholarships.awards_expire")
def expire_awards(today: date) -> str:
    """Return awards not used by their use-by day to their fund. Safe to run twice."""
    expired = 0
    for award in Award.objects.filter(status=Award.Status.COMMITTED, use_by__lt=today).order_by(
        "id"
    ):
        expired += award_expire(award=award, today=today).status == Award.Status.EXPIRED
    return f"{expired} unused scholarship award(s) expired"
