"""What payments does when another app acts: a membership confirmed after the enrollment
invoice was issued gives the member price (ADR 0042, amended)."""

from certify.core.events import subscriber
from certify.memberships.api import MEMBERSHIP_CONFIRMED
from certify.payments.services.member_price import member_price_after_confirmation


@subscriber(MEMBERSHIP_CONFIRMED)
def member_price_after_membership(*, event_id: int, membership_id: int, **_: object) -> None:
    """Re-price (void and replace) an unpaid enrollment invoice at the member price, or tell
    staff what to do with one already paid or being paid. Idempotent."""
    member_price_after_confirmation(membership_id=membership_id)
