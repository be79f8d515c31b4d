"""Reads about a renewal's money and approval: whether its fee can be paid now, and whether
staff can approve it (ADR 0014). The renewal page, the holder's API and the staff decision read
them; the services refuse by them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

from django.utils import timezone

from certify.certificates.models import Certificate
from certify.payments.api import pay_refusal
from certify.payments.models import Invoice
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.renewals.models import Renewal
from certify.renewals.selectors import NO_REINSTATEMENT, certificate_lifecycle, lapsed_on


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def paid_after_lapse(*, renewal: Renewal, renew_by: date | None = None) -> tuple[date, date] | None:
    """The day the certificate lapsed and the day its renewal's fee was settled, when that was
    after its last day to renew (a card payment under way as it lapsed; the program's days).
    None otherwise: paid in time, not paid, or reinstated since (the new last day is after the
    payment). One query, none when the fee is not settled or `renew_by` is given (the latest
    reinstatement's day, or `NO_REINSTATEMENT`: read with a list)."""
    invoice = renewal.invoice
    settled = invoice.settled_at if invoice is not None else None
    if settled is None:
        return None
    paid = programs_api.program_day(settled, renewal.program)
    lapsed = lapsed_on(certificate=renewal.certificate, today=paid, renew_by=renew_by)
    return (lapsed, paid) if lapsed is not None else None


def renewal_approval_refusal(*, renewal: Renewal, renew_by: date | None = None) -> str | None:
    """Why staff cannot approve the renewal now, in their words (ADR 0014): its certificate was
    suspended or revoked since it was submitted, or its fee was paid after the certificate
    lapsed (a lapsed certificate is renewed only once staff reinstate it). None when they can.
    The decision page says it instead of offering "Approve"; `renewal_decide` refuses with it;
    the staff API's renewals give it (`approval_refused_because`, `approval_refused_words`).
    `renew_by`: as `paid_after_lapse`'s. A renewal whose fee was refunded while it waited for
    staff (a renewal's own fee is staff's to refund) is not approved with nothing paid."""
    invoice = renewal.invoice
    if invoice is not None and invoice.status == Invoice.Status.REFUNDED:
        return (
            f"The fee of this renewal (invoice {invoice.code}) was refunded: it cannot be "
            "approved with nothing paid. Refuse it with a reason; the holder can then apply to "
            "renew again and pay the fee."
        )
    certificate = renewal.certificate
    if certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED):
        return (
            f"Certificate {certificate.number} is {certificate.get_status_display().lower()}: "
            "it cannot be renewed. Refuse this renewal with a reason, or approve it once the "
            "certificate is reinstated."
        )
    late = paid_after_lapse(renewal=renewal, renew_by=renew_by)
    if late is None:
        return None
    lapsed, paid = late
    return (
        f"Certificate {certificate.number} lapsed on {_long(lapsed)}, and the fee of this "
        f"renewal was paid on {_long(paid)}, after that: a lapsed certificate is not renewed "
        "without staff reinstating it. Reinstate it first (with a new last day to renew), then "
        "approve this renewal; or refuse it with a reason and refund the fee."
    )


def reused_fee_refund_refusal(*, invoice: Invoice) -> str | None:
    """Why staff may not refund a renewal fee now, in their words: it paid a renewal they
    refused, and the holder's next renewal of the certificate, still open, counts the same
    payment as its fee (the next application finds the paid invoice of its subject). Refunded
    now, that renewal would be approved with nothing paid: the money paid once, spent twice.
    They decide that renewal first (ADR 0014). None otherwise. One query, for renewal
    invoices only."""
    if invoice.kind != Invoice.Kind.RENEWAL:
        return None
    using = list(
        Renewal.objects.filter(invoice=invoice, status__in=[Renewal.Status.REFUSED, *Renewal.OPEN])
        .select_related("certificate", "program")
        .order_by("-submitted_at", "-id")
    )
    refused = [r for r in using if r.status == Renewal.Status.REFUSED]
    still_open = [r for r in using if r.status != Renewal.Status.REFUSED]
    if not refused or not still_open:
        return None
    current, earlier = still_open[0], refused[0]

    def applied(renewal: Renewal) -> str:
        return _long(programs_api.program_day(renewal.submitted_at, renewal.program))

    return (
        f"Invoice {invoice.code} cannot be refunded now: its payment was the fee of the renewal "
        f"of certificate {current.certificate.number} applied for on {applied(earlier)}, which "
        f"staff refused, and the renewal applied for on {applied(current)} uses the same "
        f"payment as its fee and is still open (“{current.get_status_display()}”). Refunded "
        "now, that renewal would be approved with nothing paid. Decide it first: refuse it "
        "with a reason, then refund the fee; or approve it, and the fee pays for it."
    )


def approval_refused_words(renewal: Renewal) -> str:
    """The staff API's `approval_refused_because`: `renewal_approval_refusal`'s words while the
    renewal waits for staff's approval (its evidence being checked), else "" (nothing to
    approve: waiting for its fee, sent back to the holder, decided). No query for a renewal of
    `selectors.renewal_staff_list` (its certificate's program and `last_renew_by` read with it);
    one or two for another."""
    if renewal.status != Renewal.Status.IN_AUDIT:
        return ""
    return renewal_approval_refusal(renewal=renewal, renew_by=_listed_renew_by(renewal)) or ""


def _listed_renew_by(renewal: Renewal) -> date | None:
    """`paid_after_lapse`'s `renew_by` for a renewal of `selectors.renewal_staff_list` (its
    `last_renew_by` read with it; None there: never reinstated); None, looked up, for another."""
    if hasattr(renewal, "last_renew_by"):
        return renewal.last_renew_by or NO_REINSTATEMENT
    return None


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


def lapsed_renewal_words(
    *,
    renewal: Renewal | None,
    last_day: date,
    renew_by: date | None = None,
    where: str = "(on your renewal page)",
) -> str:
    """What happens next to a renewal in staff's hands (paid, its evidence being checked or
    sent back for more) once its certificate has lapsed (`last_day`: its last day to renew), in
    the holder's words: the renewal page, the lapse notice and the API's `lapsed_next_step` say
    it (ADR 0014). A fee paid in time: staff decide the renewal, and approved, it follows on. A
    fee paid after the last day (a card payment under way as the certificate lapsed): staff
    cannot approve it until they reinstate the certificate, so they reinstate it and approve,
    or refuse the renewal and decide whether to refund the fee (a refusal does not refund it:
    `refused_fee_words`). "" when the renewal is not in staff's hands.
    `renew_by`: as `paid_after_lapse`'s (two queries at most without it); `where`: where the
    holder sends the evidence staff asked for ("below" on the renewal page itself)."""
    if renewal is None or renewal.status not in (
        Renewal.Status.IN_AUDIT,
        Renewal.Status.MORE_EVIDENCE,
    ):
        return ""
    follows = "your new certificate follows on from " + _long(
        cast(date, renewal.certificate.expires_on)  # a lapsed certificate has expired
    )
    evidence = (
        f" once you send them the evidence they asked for {where}"
        if renewal.status == Renewal.Status.MORE_EVIDENCE
        else ""
    )
    late = paid_after_lapse(renewal=renewal, renew_by=renew_by)
    if late is None:
        return (
            f"Your renewal is still open: program staff decide it{evidence}, and we will tell "
            f"you when they have. If they approve it, {follows}."
        )
    _lapsed, paid = late
    return (
        f"Your renewal fee arrived on {_long(paid)}, after your last day to renew "
        f"({_long(last_day)}), so program staff cannot approve the renewal as it stands: a "
        "lapsed certificate is renewed only once they reinstate it. They decide"
        f"{evidence}, and we will tell you when they have: either they reinstate your "
        f"certificate and approve the renewal, the fee you paid pays for it and {follows}; or "
        "they refuse the renewal, and a refusal does not refund the fee by itself: program "
        "staff decide whether to refund it to whoever paid it, the way it was paid, and you "
        "will get a receipt if they do. You need not apply or pay again."
    )


def refusal_fee_words(
    *, renewal: Renewal, renew_by: date | None = None, invoice: Invoice | None = None
) -> str:
    """What refusing the renewal does to its paid fee, in staff's words, said before they refuse
    (the decision page beside the choices, the staff API's `refusal_fee_words`): nothing by
    itself (ADR 0014). The fee stays paid and the holder's next renewal of the certificate uses
    it; paid after the certificate lapsed, it pays for nothing until staff reinstate it, so they
    refund it unless they mean to. "" when nothing is held on it or it cannot be refused.
    `renew_by`: as `paid_after_lapse`'s; `invoice`: the renewal's, read again under its lock."""
    if renewal.status not in (Renewal.Status.IN_AUDIT, Renewal.Status.MORE_EVIDENCE):
        return ""
    invoice = invoice or renewal.invoice
    if invoice is None or invoice.net_paid_cents <= 0:
        return ""
    number = renewal.certificate.number
    held = f"the {invoice.net_paid} paid on invoice {invoice.code}"
    late = paid_after_lapse(renewal=renewal, renew_by=renew_by)
    if late is None:
        return (
            f"Refusing does not refund the fee: {held} stays paid, and the holder's next "
            f"renewal of certificate {number} uses it. Refund it from the invoice's page if "
            "that is right; the holder is told that you decide."
        )
    lapsed, paid = late
    return (
        f"Refusing does not refund the fee: {held} on {_long(paid)}, after certificate "
        f"{number} lapsed on {_long(lapsed)}, stays paid, and it pays for nothing while the "
        "certificate is lapsed (reinstated later, the holder's next renewal of it uses it). "
        "Unless you mean to reinstate it, refund the fee from the invoice's page once you have "
        "refused; the holder is told that you decide."
    )


def refused_fee_words(*, renewal: Renewal, invoice: Invoice) -> str:
    """What the refusal e-mail says of the fee of a renewal paid after its certificate lapsed,
    in the holder's words (ADR 0014): still held, staff decide whether to refund it, and it
    pays their next renewal if staff reinstate the certificate instead; or refunded already (a
    refund made before the refusal). "" for another renewal: the e-mail's own sentence (staff
    decide on any refund). `invoice`: the renewal's, read under its lock by the refusal."""
    late = paid_after_lapse(renewal=renewal)
    if late is None:
        return ""
    lapsed, paid = late
    if invoice.net_paid_cents <= 0:
        return (
            f"The renewal fee on invoice {invoice.code} was refunded before this decision, the "
            "way it was paid: nothing more is owed, and your receipt is in your account."
        )
    return (
        f"The renewal fee of {invoice.net_paid} arrived on {_long(paid)}, after your last day "
        f"to renew ({_long(lapsed - timedelta(days=1))}), and this refusal does not refund it "
        "by itself: program staff decide whether to refund it to whoever paid it, the way it "
        "was paid, and you will get a receipt if they do. If they reinstate your certificate "
        "instead, the fee pays for your next renewal of it, and you will not pay it again."
    )


def refusal_fee_words_listed(renewal: Renewal) -> str:
    """The staff API's `refusal_fee_words`: `refusal_fee_words` with no query for a renewal
    of `selectors.renewal_staff_list` (its invoice and `last_renew_by` read with it)."""
    return refusal_fee_words(renewal=renewal, renew_by=_listed_renew_by(renewal))


def reinstating_with_renewal_words(*, renewal: Renewal | None) -> str:
    """What the staff reinstate page says of the holder's renewal still open, in staff's words
    (ADR 0014): the holder does not apply again, and what reinstating does to it. "" when none
    is open. One or two queries."""
    if renewal is None or renewal.status not in Renewal.OPEN:
        return ""
    applied = _long(programs_api.program_day(renewal.submitted_at, renewal.program))
    if renewal.status == Renewal.Status.SUBMITTED:
        return (
            f"The holder applied to renew on {applied}, and the fee was not paid before the "
            "certificate lapsed, so it cannot be paid now. Once you reinstate it, they can pay "
            "it until the new last day to renew; they need not apply again."
        )
    late = paid_after_lapse(renewal=renewal)
    if late is None:
        return (
            f"The holder's renewal, applied for on {applied}, is with staff and its fee was paid "
            "in time: it can be decided from its page without reinstating the certificate."
        )
    return (
        f"The holder's renewal, applied for on {applied}, is with staff: its fee was paid on "
        f"{_long(late[1])}, after the certificate lapsed, so it cannot be approved until you "
        "reinstate the certificate. Once you have, decide it from its page: approve it, and "
        "the fee pays for it; or refuse it with a reason and refund the fee. The holder need "
        "not apply again."
    )


def applied_words(*, renewal: Renewal, invoice: Invoice) -> str:
    """What applying leads to: the invoice to pay, by its due day, and the last day it can be
    paid at all (the renewal page's "Pay it by …"), which is not the due day: the holder told
    only "by the due day" read two different last days on two pages."""
    due = invoice.due_on
    pay_by = renewal_fee(renewal=renewal).pay_by
    last = programs_api.program_day(pay_by, renewal.program) if pay_by else None
    if last is None or last <= due:
        when = f"by {_long(last or due)}"
    else:
        when = (
            f"by {_long(due)}, its due date (it can still be paid until the end of "
            f"{_long(last)}, your last day to renew)"
        )
    return (
        f"Renewal applied for. Pay invoice {invoice.code} {when} to complete it. What "
        "happens next: once it is paid, your certificate is renewed (or its evidence checked "
        "first, if it is chosen at random for a check). Your account page lists every step and "
        "where it stands."
    )
