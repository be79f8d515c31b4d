"""A member price confirmed after the enrollment invoice was issued (ADR 0042, amended).

The enrollment invoice waits for a membership of the program's member organization that is
recorded before it is issued. One recorded (or confirmed) only after it was issued leaves the
invoice at the full price, and issued invoices never change. When staff confirm such a
membership, current on the invoice's issue day (the candidate was a member when invoiced):
- the invoice still awaiting payment, with nothing paid, no card payment under way and no
  scholarship credit on it, is voided by Certify and replaced by one at the member price (ADR
  0041's re-pricing; the candidate gets one notice, naming both invoices);
- otherwise it is left as it is, and program staff are told what to do: refund the difference
  once it is paid (`member_price_overpaid` shows it on the invoice page and in the API), or
  re-price it themselves when a card payment under way is not completed.
Lock order: the invoice's row first (as every payment and checkout takes it), then the
program's counter row (numbers), never a membership row.
"""

from django.db import transaction
from django.urls import reverse

from certify.core.money import Money
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM
from certify.memberships.models import Membership
from certify.notifications.api import notify
from certify.payments.models import Invoice, InvoiceLine
from certify.payments.services.common import (
    checkout_under_way,
    has_credit,
    invoice_lock,
    tell_staff,
)
from certify.payments.services.invoices import enrollment_lines
from certify.payments.services.member_difference import (
    CORRECTED,
    late_membership,
    member_discount_cents,
)
from certify.payments.services.voids import fee_lines, replace_locked

# The reason the refund form offers staff for the difference (they may change it).
MEMBER_PRICE_REFUND = (
    "The membership was confirmed after the invoice was issued: the member price applies."
)


def _obstacle(invoice: Invoice, difference: Money) -> str:
    """Why the invoice is not replaced ('' when it is), in staff's words: what to do instead."""
    refund = f"refund the difference of {difference.with_cents()} from the invoice's page"
    if invoice.status == Invoice.Status.PAID:
        return f"It was paid in full before, so it stands: {refund} if the program agrees."
    if invoice.net_paid_cents > 0:
        return (
            f"{invoice.net_paid.with_cents()} was paid on it, so it was not replaced: once it "
            f"is paid, {refund}."
        )
    if checkout_under_way(invoice):
        return (
            "A card payment of it was under way, so it was left as it is: if that payment is "
            f"taken, {refund}; if not, re-price the invoice at the member price."
        )
    if has_credit(invoice):
        return (
            "It carries a scholarship credit, so it was not replaced: ask the sponsor to withdraw "
            f"the award and re-price the invoice, or {refund} once it is paid."
        )
    return ""


def _reason(membership: Membership) -> str:
    return (
        f"The {membership.organisation.code} membership (member no. {membership.member_number}) "
        "was confirmed after this invoice was issued: the member price applies."
    )


@transaction.atomic
def enrollment_member_price_apply(*, invoice: Invoice | int) -> str:
    """Give the member price to a live enrollment invoice issued before the membership that sets
    it was confirmed. Returns "repriced" (voided and replaced), "told" (staff told what to do),
    or "" (nothing to do: no such membership, the price is already right, or not live).
    Idempotent: a replacement has the member price; staff are told of an invoice once. Certify
    acts (`SYSTEM`): it follows a decision staff made on the membership, deciding nothing."""
    invoice = invoice_lock(invoice)  # the lock a payment or a card checkout takes first
    if invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return ""
    membership = late_membership(invoice)
    if membership is None:
        return ""
    difference = Money(member_discount_cents(invoice), invoice.currency)
    if obstacle := _obstacle(invoice, difference):
        staff_told_of_price(invoice, membership, difference, obstacle)
        return "told"
    lines = [line for line in fee_lines(invoice) if line[0] not in CORRECTED]
    lines += [
        line
        for line in enrollment_lines(
            user=invoice.user, program=invoice.program, on=invoice.issued_on
        )
        if line[0] == InvoiceLine.Kind.MEMBER_DISCOUNT
    ]
    new = replace_locked(
        old=invoice,
        lines=lines,
        reason=_reason(membership),
        actor=SYSTEM,
        change="repriced",
        told=False,  # one notice, below, naming both invoices
    )
    notify(
        recipient=new.user,
        event="payment.member_price",
        context={
            "program": new.program,
            "invoice_number": new.code,
            "replaces": invoice.code,
            "organisation": membership.organisation.code,
            "amount": new.total.with_cents(),
            "due_on": new.due_on,
        },
        link=new.get_absolute_url(),
    )
    return "repriced"


def staff_told_of_price(
    invoice: Invoice,
    membership: Membership,
    difference: Money,
    obstacle: str,
    *,
    verb: str = "invoice.member_price_late",
    event: str = "payment.member_price_late",
    once: str = "",
    **words: object,
) -> None:
    """The price of `invoice` follows a membership decision that it cannot follow itself
    (`obstacle`, what staff should do): audited, and program staff told once (`once`, after the
    invoice and the membership; `words`: more for the notice). The member price given late
    here; taken back in `full_price`."""
    audit_record(
        actor=SYSTEM,
        verb=verb,
        target=invoice,
        reason=obstacle,
        data={"membership": membership.pk, "difference_cents": difference.cents},
    )
    tell_staff(
        invoice=invoice,
        event=event,
        link=reverse("payments:invoice", args=[invoice.code]),
        once=f"{invoice.code}:{membership.pk}{once}",
        candidate_name=invoice.user.full_name or invoice.user.email,
        organisation=membership.organisation.code,
        member_number=membership.member_number,
        difference=difference.with_cents(),
        what_to_do=obstacle,
        **words,
    )


def live_enrollment_invoices(membership: Membership) -> list[int]:
    """The ids of the live (open or paid) enrollment invoices of the membership's person in the
    programs whose member organization it is, oldest first: what a decision on it re-prices."""
    return list(
        Invoice.objects.filter(
            user_id=membership.user_id,
            kind=Invoice.Kind.ENROLLMENT,
            status__in=(Invoice.Status.OPEN, Invoice.Status.PAID),
            program__member_organisation__iexact=membership.organisation.code,
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )


def member_price_after_confirmation(*, membership_id: int) -> list[str]:
    """A membership was confirmed: each live enrollment invoice of its person, in a program whose
    member organization it is, gets the member price (`enrollment_member_price_apply`)."""
    membership = Membership.objects.select_related("organisation").filter(pk=membership_id).first()
    if membership is None or membership.status != Membership.Status.CONFIRMED:
        return []
    return [
        enrollment_member_price_apply(invoice=pk) for pk in live_enrollment_invoices(membership)
    ]
