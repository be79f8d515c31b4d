"""Reads about a renewal's money and approval: whether its fee can be paid now, and whether
staff can approve it (ADR 0014). The renewal page, the holder's API and the staff decision read
them; the services refuse by them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from certify.certificates.models import Certificate
from certify.payments.api import pay_refusal
from certify.payments.models import Invoice
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle, lapsed_on


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def paid_after_lapse(*, renewal: Renewal) -> tuple[date, date] | None:
    """The day the certificate lapsed and the day its renewal's fee was settled, when that was
    after its last day to renew (a card payment under way as it lapsed; the program's days).
    None otherwise: paid in time, not paid, or reinstated since (the new last day is after the
    payment). One query, none when the fee is not settled."""
    invoice = renewal.invoice
    settled = invoice.settled_at if invoice is not None else None
    if settled is None:
        return None
    paid = programs_api.program_day(settled, renewal.program)
    lapsed = lapsed_on(certificate=renewal.certificate, today=paid)
    return (lapsed, paid) if lapsed is not None else None


def renewal_approval_refusal(*, renewal: Renewal) -> str | None:
    """Why staff cannot approve the renewal now, in their words (ADR 0014): its certificate was
    suspended or revoked since it was submitted, or its fee was paid after the certificate
    lapsed (a lapsed certificate is renewed only once staff reinstate it). None when they can.
    The decision page says it instead of offering "Approve"; `renewal_decide` refuses with it."""
    certificate = renewal.certificate
    if certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED):
        return (
            f"Certificate {certificate.number} is {certificate.get_status_display().lower()}: "
            "it cannot be renewed. Refuse this renewal with a reason, or approve it once the "
            "certificate is reinstated."
        )
    late = paid_after_lapse(renewal=renewal)
    if late is None:
        return None
    lapsed, paid = late
    return (
        f"Certificate {certificate.number} lapsed on {_long(lapsed)}, and the fee of this "
        f"renewal was paid on {_long(paid)}, after that: a lapsed certificate is not renewed "
        "without staff reinstating it. Reinstate it first (with a new last day to renew), then "
        "approve this renewal; or refuse it with a reason and refund the fee."
    )


@dataclass(frozen=True)
class Fee:
    """Whether the holder can pay their renewal's fee now, and why not in their words ("" when
    they can, or when nothing is to pay): the page says `refused_because` instead of its
    button to pay, and the API gives both (`fee_payable`, `fee_refused_because`). `pay_by`:
    while it can be paid, the last second it can (the end of the last day to renew, in the
    program's zone), as the page says beside the button (`fee_pay_by`)."""

    payable: bool
    refused_because: str
    pay_by: datetime | None = None


NO_FEE = Fee(payable=False, refused_because="")


def renewal_fee(*, renewal: Renewal | None) -> Fee:
    """The renewal's fee while it waits for it: refused while its certificate is suspended or
    revoked, or once it has lapsed (payments' `pay_refusal`, the rule the checkout and staff's
    check recording obey, ADR 0014). Three queries at most, none when nothing is to pay."""
    if renewal is None or renewal.status != Renewal.Status.SUBMITTED:
        return NO_FEE
    invoice = renewal.invoice
    if invoice is None or invoice.status != Invoice.Status.OPEN or invoice.balance_cents <= 0:
        return NO_FEE
    refused = pay_refusal(invoice)
    if refused is not None:
        return Fee(payable=False, refused_because=refused)
    cycle = certificate_lifecycle(certificate=renewal.certificate)
    last_day = cycle.grace_ends_on if cycle is not None else None
    return Fee(payable=True, refused_because="", pay_by=_last_second(last_day, renewal.program))


def _last_second(day: date | None, program: Program) -> datetime | None:
    if day is None:
        return None
    midnight = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(midnight, programs_api.program_zone(program)) - timedelta(seconds=1)
