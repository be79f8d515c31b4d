"""The member price withdrawn: a membership refused after the enrollment invoice was given the
member price (ADR 0042, amended).

The member price is given when a confirmed membership of the program's member organization is
current on the invoice's issue day. When staff later mark that membership not confirmed (the
number was not real, or not current), the invoice was priced on a membership that does not
hold, and issued invoices never change. So, the same path as the member price given late
(`member_price.py`), reversed:
- the invoice still awaiting payment, with nothing paid, no card payment under way and no
  scholarship credit on it, is voided by Certify and replaced by one at the full price (one
  notice to the candidate, naming both invoices and both amounts);
- an invoice paid at the member price stands (its receipt is true), and Certify issues a second
  invoice for the difference (`Invoice.Kind.MEMBER_DIFFERENCE`), due on the usual payment terms,
  with one notice naming the paid invoice, the difference and the new one; the same when the
  invoice was issued at the full price and the difference refunded after a late confirmation
  (`member_difference_refunded`): what was refunded as the member price is billed again, once;
- otherwise (part-paid, a card payment under way, a scholarship credit) it is left as it is and
  program staff are told what to do.
A membership changed by its member (back to waiting) changes nothing until it is decided again;
one that expires after the invoice's issue day changes nothing (it was current when invoiced).
Lock order: the invoice's row first (as every payment and checkout takes it), then the
program's counter row (numbers), never a membership row.
"""

from django.db import transaction

from certify.core.money import Money
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM
from certify.memberships.api import membership_current
from certify.memberships.models import Membership
from certify.notifications.api import notify
from certify.payments.models import Invoice, InvoiceLine
from certify.payments.services.common import checkout_under_way, has_credit, invoice_lock
from certify.payments.services.difference_notice import (
    difference_void_reason,
    difference_void_tell,
)
from certify.payments.services.invoices import invoice_create
from certify.payments.services.member_difference import member_difference_refunded
from certify.payments.services.member_price import live_enrollment_invoices, staff_told_of_price
from certify.payments.services.voids import fee_lines, replace_locked, void_locked
from certify.programs.api import program_today

DIFFERENCE_SUBJECT = "member_price:{code}"  # names the paid invoice the difference is for


def difference_invoice(invoice: Invoice) -> Invoice | None:
    """The live invoice for the member price difference of this enrollment invoice, if any."""
    return (
        Invoice.objects.filter(
            user_id=invoice.user_id,
            program_id=invoice.program_id,
            kind=Invoice.Kind.MEMBER_DIFFERENCE,
            subject=DIFFERENCE_SUBJECT.format(code=invoice.code),
        )
        .exclude(status=Invoice.Status.VOID)
        .first()
    )


def _discount_cents(invoice: Invoice) -> int:
    """What the member price took off this invoice (0: it was not given the member price, or
    staff corrected its price, which then stands)."""
    lines = list(invoice.lines.all())
    if any(line.kind == InvoiceLine.Kind.PRICE_ADJUSTMENT for line in lines):
        return 0
    discount = InvoiceLine.Kind.MEMBER_DISCOUNT
    return -sum(line.amount_cents for line in lines if line.kind == discount)


def _reason(membership: Membership) -> str:
    return (
        f"The {membership.organisation.code} membership (member no. {membership.member_number}) "
        "was not confirmed: the full price applies."
    )


def _obstacle(invoice: Invoice, difference: Money) -> str:
    """Why an open invoice is not replaced ('' when it is), in staff's words: what to do. Once
    it is paid in full, Certify invoices the difference itself (`full_price_after_payment`)."""
    billed = (
        "once it is paid in full, Certify invoices the difference of "
        f"{difference.with_cents()} itself"
    )
    if invoice.net_paid_cents > 0:
        return (
            f"{invoice.net_paid.with_cents()} was paid on it, so it was not replaced: nothing "
            f"to do now; {billed}."
        )
    if checkout_under_way(invoice):
        return (
            "A card payment of it was under way, so it was left as it is: if that payment is "
            f"taken, Certify invoices the difference of {difference.with_cents()} itself; if "
            "it is not completed, re-price the invoice at the full price."
        )
    if has_credit(invoice):
        return (
            "It carries a scholarship credit, so it was not replaced: once the sponsor has "
            f"withdrawn the award, re-price it at the full price; otherwise, {billed}."
        )
    return ""


@transaction.atomic
def enrollment_full_price_apply(*, invoice: Invoice | int, membership: Membership) -> str:
    """Take the member price back from a live enrollment invoice whose membership was refused:
    one given the member price, or one at the full price whose difference was refunded once the
    membership was confirmed late (the refund's credit line keeps what it gave back). Returns
    "repriced" (voided and replaced at the full price), "billed" (paid: an invoice for
    the difference), "told" (staff told what to do) or "" (nothing to do: no member price on
    it, a current membership again, or already done). Idempotent. Certify acts (`SYSTEM`): it
    follows a decision staff made on the membership."""
    invoice = invoice_lock(invoice)  # the lock a payment or a card checkout takes first
    if invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return ""
    # The member discount it carries, or the difference a refund gave back on it while the
    # membership counted (confirmed after it was issued at the full price).
    cents = _discount_cents(invoice) or member_difference_refunded(invoice)
    if cents <= 0:
        return ""
    code = membership.organisation.code
    if membership_current(user=invoice.user, organisation_code=code, on=invoice.issued_on):
        return ""  # confirmed again since the refusal: the member price stands
    difference = Money(cents, invoice.currency)
    if invoice.status == Invoice.Status.PAID:
        return _bill_difference(invoice, membership, difference)
    if obstacle := _obstacle(invoice, difference):
        staff_told_of_price(
            invoice,
            membership,
            difference,
            obstacle,
            verb="invoice.member_price_lost",
            event="payment.full_price_late",
            once=":refused",
            refunded=not _discount_cents(invoice),  # the difference was refunded, not discounted
        )
        return "told"
    lines = [line for line in fee_lines(invoice) if line[0] != InvoiceLine.Kind.MEMBER_DISCOUNT]
    new = replace_locked(
        old=invoice,
        lines=lines,
        reason=_reason(membership),
        actor=SYSTEM,
        change="repriced",
        told=False,  # one notice, below, naming both invoices and both amounts
    )
    _tell_candidate(new, membership, old=invoice, difference=difference, paid=False)
    return "repriced"


def _bill_difference(invoice: Invoice, membership: Membership, difference: Money) -> str:
    """The paid invoice stands; a second one asks for the rest of the full price."""
    if difference_invoice(invoice) is not None:
        return ""
    program = invoice.program
    new = invoice_create(
        program=program,
        user=invoice.user,
        kind=Invoice.Kind.MEMBER_DIFFERENCE,
        lines=[
            (
                InvoiceLine.Kind.ENROLLMENT_FEE,
                f"{program.short_name} enrollment fee at the full price, less the member price "
                f"paid on invoice {invoice.code}",
                difference.cents,
            )
        ],
        actor=SYSTEM,
        today=program_today(program),
        subject=DIFFERENCE_SUBJECT.format(code=invoice.code),
        bill_to_name=invoice.bill_to_name,
        bill_to_email=invoice.bill_to_email,
        told=False,
    )
    audit_record(
        actor=SYSTEM,
        verb="invoice.member_price_lost",
        target=invoice,
        reason=_reason(membership),
        data={"membership": membership.pk, "difference": new.code, "cents": difference.cents},
    )
    _tell_candidate(new, membership, old=invoice, difference=difference, paid=True)
    return "billed"


def _tell_candidate(
    new: Invoice, membership: Membership, *, old: Invoice, difference: Money, paid: bool
) -> None:
    notify(
        recipient=new.user,
        event="payment.full_price",
        context={
            "program": new.program,
            "invoice_number": new.code,
            "old_number": old.code,
            "old_amount": old.total.with_cents(),
            "paid": paid,
            "organisation": membership.organisation.code,
            "member_number": membership.member_number,
            "amount": new.total.with_cents(),
            "difference": difference.with_cents(),
            "due_on": new.due_on,
        },
        link=new.get_absolute_url(),
    )


def full_price_after_refusal(*, membership_id: int) -> list[str]:
    """A membership was refused: each live enrollment invoice of its person, in a program whose
    member organization it is, gets the full price back (`enrollment_full_price_apply`)."""
    membership = Membership.objects.select_related("organisation").filter(pk=membership_id).first()
    if membership is None or membership.status != Membership.Status.REJECTED:
        return []
    return [
        enrollment_full_price_apply(invoice=pk, membership=membership)
        for pk in live_enrollment_invoices(membership)
    ]


def differences_void_after_confirmation(*, membership: Membership) -> list[str]:
    """The membership was confirmed again: an unpaid difference invoice it caused, with nothing
    paid on it, is voided by Certify (the member price holds after all). Returns their codes."""
    voided = []
    for pk in Invoice.objects.filter(
        user_id=membership.user_id,
        kind=Invoice.Kind.MEMBER_DIFFERENCE,
        status=Invoice.Status.OPEN,
        program__member_organisation__iexact=membership.organisation.code,
    ).values_list("pk", flat=True):
        with transaction.atomic():
            invoice = invoice_lock(pk)
            if invoice.status != Invoice.Status.OPEN or invoice.net_paid_cents > 0:
                continue
            if not membership_current(
                user=invoice.user,
                organisation_code=membership.organisation.code,
                on=invoice.issued_on,
            ):
                continue
            void_locked(
                invoice=invoice,
                reason=(
                    f"The {membership.organisation.code} membership (member no. "
                    f"{membership.member_number}) was confirmed: the member price applies."
                ),
                actor=SYSTEM,
            )
            voided.append(invoice.code)
    return voided


def full_price_after_payment(*, invoice_id: int) -> str:
    """An enrollment invoice was paid in full: when it has the member price and the membership
    that gave it was refused meanwhile (staff were told to wait), the difference is invoiced."""
    invoice = Invoice.objects.select_related("program").filter(pk=invoice_id).first()
    if invoice is None or invoice.kind != Invoice.Kind.ENROLLMENT:
        return ""
    code = invoice.program.member_organisation
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user_id=invoice.user_id, organisation__code__iexact=code)
        .first()
        if code
        else None
    )
    if membership is None or membership.status != Membership.Status.REJECTED:
        return ""
    return enrollment_full_price_apply(invoice=invoice.pk, membership=membership)


def difference_after_refund(*, invoice_id: int) -> str:
    """A card refund of this invoice could not be sent, or was sent after staff tried it again:
    what its difference invoice asks follows what really went back (`member_difference_refunded`).
    An unpaid difference invoice billed for a refund that then failed is voided ("voided": the
    difference is still paid); one paid meanwhile stands (staff were told the refund failed,
    and trying it again gives the money back). A refund sent after the refusal bills the
    difference then, once ("billed", `full_price_after_payment`). Idempotent."""
    invoice = Invoice.objects.select_related("program").filter(pk=invoice_id).first()
    if invoice is None or invoice.kind != Invoice.Kind.ENROLLMENT:
        return ""
    voided = False
    with transaction.atomic():
        invoice = invoice_lock(invoice.pk)  # the enrollment invoice first, then its difference
        if _discount_cents(invoice):
            return ""  # billed for the member price it was given, not for a refund
        billed = difference_invoice(invoice)
        if billed is not None and member_difference_refunded(invoice) < billed.total_cents:
            billed = invoice_lock(billed.pk)
            if billed.status != Invoice.Status.OPEN or billed.net_paid_cents:
                return ""
            note = void_locked(
                invoice=billed,
                reason=difference_void_reason(paid=invoice, amount=billed.total),
                actor=SYSTEM,
            )
            difference_void_tell(billed=billed, paid=invoice, note=note)
            voided = True
    # What still went back (a part that was sent) is billed again, once.
    return full_price_after_payment(invoice_id=invoice.pk) or ("voided" if voided else "")
