"""What payments does when another app acts: a membership confirmed after the enrollment
invoice was issued gives the member price; one refused after the invoice was given the member
price takes it back (ADR 0042, amended); a card refund of the member price difference that
could not be sent leaves it paid, so it is not billed again."""

from certify.core.events import subscriber
from certify.memberships.api import MEMBERSHIP_CONFIRMED, MEMBERSHIP_REJECTED, membership_find
from certify.payments.events import INVOICE_PAID
from certify.payments.services.full_price import (
    difference_after_refund,
    differences_void_after_confirmation,
    full_price_after_payment,
    full_price_after_refusal,
)
from certify.payments.services.member_price import member_price_after_confirmation


@subscriber(MEMBERSHIP_CONFIRMED)
def member_price_after_membership(*, event_id: int, membership_id: int, **_: object) -> None:
    """Re-price (void and replace) an unpaid enrollment invoice at the member price, or tell
    staff what to do with one already paid or being paid; void an unpaid invoice for the
    difference a refusal of the same membership asked for. Idempotent."""
    member_price_after_confirmation(membership_id=membership_id)
    membership = membership_find(pk=membership_id)
    if membership is not None and membership.status == membership.Status.CONFIRMED:
        differences_void_after_confirmation(membership=membership)


@subscriber(MEMBERSHIP_REJECTED)
def full_price_after_membership(*, event_id: int, membership_id: int, **_: object) -> None:
    """Re-price an unpaid enrollment invoice given the member price at the full price, bill the
    difference of a paid one, or tell staff what to do. Idempotent."""
    full_price_after_refusal(membership_id=membership_id)


@subscriber(INVOICE_PAID)
def full_price_after_paid(*, event_id: int, invoice_id: int, **_: object) -> None:
    """An enrollment invoice left at the member price while it was being paid, its membership
    refused meanwhile: once paid in full, the difference is invoiced. Idempotent."""
    full_price_after_payment(invoice_id=invoice_id)


@subscriber("refund.failed")
def difference_after_refund_failed(*, event_id: int, invoice_id: int, **_: object) -> None:
    """A card refund could not be sent: an unpaid invoice for a member price difference that
    refund was to give back is voided (the difference is still paid). Idempotent."""
    difference_after_refund(invoice_id=invoice_id)


@subscriber("refund.sent")
def difference_after_refund_sent(*, event_id: int, invoice_id: int, **_: object) -> None:
    """A card refund went back (staff tried it again after it failed): a membership refused
    meanwhile bills the member price difference it gave back, once. Idempotent."""
    difference_after_refund(invoice_id=invoice_id)
