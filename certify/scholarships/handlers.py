"""Hooks into other apps: who confirms a sponsor's memberships, awards following their invoice
(and enrollment awards their recipient's program application), and the daily expiry of unused
awards."""

from datetime import date

from certify.applications.api import APPLICATION_ACCEPTED
from certify.core.events import subscriber
from certify.memberships.api import sponsor_check
from certify.notifications.api import daily_job
from certify.payments.api import INVOICE_PAID, INVOICE_REFUNDED, INVOICE_VOID
from certify.scholarships.models import Award, SponsorMember
from certify.scholarships.selectors import awards_past_use_by, awards_waiting_for_enrollment
from certify.scholarships.services import award_expire, award_sync, awards_restore_after_appeal


@sponsor_check
def runs_the_organisations_sponsor(user, organisation) -> bool:
    """SSD memberships are confirmed by the people who run the sponsor linked to SSD."""
    return SponsorMember.objects.filter(
        user=user, sponsor__organisation=organisation, sponsor__is_active=True
    ).exists()


@subscriber(INVOICE_PAID)
@subscriber(INVOICE_REFUNDED)
@subscriber(INVOICE_VOID)
def awards_follow_invoice(*, event_id: int, invoice_id: int, **_: object) -> None:
    """The invoice carrying an award's credit was paid (the award is used), or refunded and
    canceled, or voided (the award was not used: withdrawn, its money back to the fund).

    Idempotent: `award_sync` leaves an award that is no longer committed as it is.
    """
    for award in Award.objects.filter(
        invoice_id=invoice_id, status=Award.Status.COMMITTED
    ).order_by("id"):
        award_sync(award=award)


# Moves of the application workflow, published by the engine as `application.<status>`.
@subscriber("application.submitted")  # where the fee is paid when applying: invoice issued
@subscriber(APPLICATION_ACCEPTED)  # where it is paid once accepted: invoice issued
@subscriber("application.rejected")
def enrollment_awards_follow_application(
    *, event_id: int, candidate_id: int, application_id: int, move: str = "", **_: object
) -> None:
    """An enrollment award waiting for its recipient to be accepted goes on the enrollment
    invoice once it is issued; it ends (money back to the fund, the recipient told) when the
    application was not accepted, and comes back, where the fund can still pay it, when an
    appeal sends that rejection back. Idempotent (`award_sync`, `award_restore`)."""
    if move == "reopen_after_appeal":
        awards_restore_after_appeal(application_id=application_id)
    for award in awards_waiting_for_enrollment(recipient_id=candidate_id):
        award_sync(award=award)


@daily_job("scholarships.awards_expire")
def expire_awards(today: date) -> str:
    """Return awards not used by their use-by day (the day in their fund's program's time zone)
    to their fund. Safe to run twice."""
    for waiting in awards_waiting_for_enrollment():  # an invoice issued with no event
        award_sync(award=waiting)
    expired = 0
    for award, day in awards_past_use_by(today=today):
        expired += award_expire(award=award, today=day).status == Award.Status.EXPIRED
    return f"{expired} unused scholarship award(s) expired"
