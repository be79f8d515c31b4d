"""What a membership decision did to the member's enrollment invoice, for the membership queue
(page and API; ADR 0042): re-issued at the member price, a difference to refund, re-issued at
the full price, a difference invoiced, left for staff, or nothing to change. Read for a page of
memberships at once: five queries, however many rows (`memberships.api.invoice_outcomes`).
"""

from collections.abc import Sequence

from certify.core.money import Money
from certify.memberships.api import InvoiceOutcome, invoice_outcome_reader
from certify.memberships.models import Membership
from certify.payments.models import Invoice, InvoiceLine
from certify.payments.services.member_difference import (
    member_difference_refunded,
    paid_beyond_member_price_cents,
)
from certify.programs.models import Program

K = InvoiceLine.Kind
LIVE = (Invoice.Status.OPEN, Invoice.Status.PAID)


def _has(invoice: Invoice, kind: str) -> bool:
    return any(line.kind == kind for line in invoice.lines.all())


def _nothing(words: str) -> InvoiceOutcome:
    return InvoiceOutcome("nothing_to_change", f"Nothing to change: {words}")


def _as_member(m: Membership, inv: Invoice) -> InvoiceOutcome:
    """The membership is confirmed and was current on the invoice's issue day."""
    old = inv.replaces
    if _has(inv, K.MEMBER_DISCOUNT):
        if old is not None and not _has(old, K.MEMBER_DISCOUNT):
            return InvoiceOutcome(
                "reissued_member_price",
                f"Reissued at the member price: invoice {inv.code} ({inv.total.with_cents()}) "
                f"replaces {old.code}.",
            )
        return _nothing(f"invoice {inv.code} has the member price.")
    over = paid_beyond_member_price_cents(inv)
    if over > 0:
        return InvoiceOutcome(
            "difference_to_refund",
            f"Difference to refund: {Money(over, inv.currency).with_cents()} paid on invoice "
            f"{inv.code} beyond the member price.",
        )
    if _has(inv, K.REFUND_CREDIT) and inv.status == Invoice.Status.PAID:
        return _nothing(f"the difference on invoice {inv.code} was refunded.")
    if inv.status == Invoice.Status.OPEN:
        return InvoiceOutcome(
            "staff_told",
            f"Invoice {inv.code} stays at the full price for now (a payment or a credit on it): "
            "program staff were told what to do.",
        )
    return _nothing(f"invoice {inv.code} ({inv.total.with_cents()}).")


def _not_member(m: Membership, inv: Invoice, invoices: list[Invoice]) -> InvoiceOutcome:
    """The membership is refused (or did not hold on the invoice's issue day)."""
    subject = f"member_price:{inv.code}"
    differences = [
        i
        for i in invoices
        if i.kind == Invoice.Kind.MEMBER_DIFFERENCE
        and i.subject == subject
        and i.status != Invoice.Status.VOID
    ]
    if differences:
        d = differences[-1]
        return InvoiceOutcome(
            "difference_invoiced",
            f"Difference invoiced: invoice {d.code} ({d.total.with_cents()}, "
            f"{d.get_status_display().lower()}); invoice {inv.code} stands.",
        )
    if _has(inv, K.MEMBER_DISCOUNT):
        if m.status == Membership.Status.REJECTED:
            return InvoiceOutcome(
                "staff_told",
                f"Invoice {inv.code} keeps the member price for now (a payment or a credit on "
                "it): program staff were told what to do.",
            )
        return _nothing(f"invoice {inv.code} has the member price.")
    refunded = member_difference_refunded(inv) > 0  # given back: not a refund that failed
    if refunded and m.status == Membership.Status.REJECTED:
        # The member difference was refunded on it; while it is still being paid, the
        # difference is billed again only once it is paid in full.
        return InvoiceOutcome(
            "staff_told",
            f"The member price difference refunded on invoice {inv.code} is billed again once "
            "it is paid in full: program staff were told.",
        )
    old = inv.replaces
    if old is not None and _has(old, K.MEMBER_DISCOUNT):
        return InvoiceOutcome(
            "reissued_full_price",
            f"Reissued at the full price: invoice {inv.code} ({inv.total.with_cents()}) "
            f"replaces {old.code}.",
        )
    return _nothing(f"invoice {inv.code} is at the full price.")


def _outcome(m: Membership, invoices: list[Invoice]) -> InvoiceOutcome:
    """`invoices`: the person's enrollment and difference invoices in programs whose member
    organization is the membership's, oldest first."""
    live = [i for i in invoices if i.kind == Invoice.Kind.ENROLLMENT and i.status in LIVE]
    if not live:
        return InvoiceOutcome("no_invoice", "No enrollment invoice yet.")
    inv = live[-1]
    if _has(inv, K.PRICE_ADJUSTMENT):
        return _nothing(f"program staff set the price of invoice {inv.code}.")
    if m.status == Membership.Status.PENDING:
        return _nothing(
            f"invoice {inv.code} ({inv.total.with_cents()}) changes only once this is decided."
        )
    member = m.status == Membership.Status.CONFIRMED and m.expires_on >= inv.issued_on
    return _as_member(m, inv) if member else _not_member(m, inv, invoices)


@invoice_outcome_reader
def member_price_outcomes(memberships: Sequence[Membership]) -> dict[int, InvoiceOutcome]:
    """For each membership of a program's member organization: what its decision did to the
    member's enrollment invoice. Memberships that set no price are left out."""
    if not memberships:
        return {}
    pricing = {
        code.upper()
        for code in Program.objects.exclude(member_organisation="").values_list(
            "member_organisation", flat=True
        )
    }
    rows = [m for m in memberships if m.organisation.code.upper() in pricing]
    if not rows:
        return {}
    invoices = list(
        Invoice.objects.filter(
            user_id__in={m.user_id for m in rows},
            kind__in=(Invoice.Kind.ENROLLMENT, Invoice.Kind.MEMBER_DIFFERENCE),
        )
        .exclude(program__member_organisation="")
        .select_related("program", "replaces")
        .prefetch_related("lines__refunds", "replaces__lines")
        .order_by("id")
    )
    found = {}
    for m in rows:
        code = m.organisation.code.upper()
        mine = [
            i
            for i in invoices
            if i.user_id == m.user_id and i.program.member_organisation.upper() == code
        ]
        found[m.pk] = _outcome(m, mine)
    return found
