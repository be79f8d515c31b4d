"""The member price difference on an enrollment invoice: reads only, so that every payment
service may ask (the refund too) without importing the services that re-price (ADR 0042).

The member price is given when a confirmed membership of the program's member organization is
current on the invoice's issue day. An invoice issued at the full price before such a membership
was confirmed was paid beyond the member price: program staff may refund that difference
(`member_price_overpaid`). What a refund gave back of it is kept on its credit line
(`InvoiceLine.member_difference_cents`), so that a refusal of the membership later bills it
again (`member_difference_refunded`, `full_price.py`).
"""

from certify.core.money import Money
from certify.memberships.api import membership_current
from certify.memberships.models import Membership
from certify.payments.models import Invoice, InvoiceLine, Refund

CORRECTED = (InvoiceLine.Kind.MEMBER_DISCOUNT, InvoiceLine.Kind.PRICE_ADJUSTMENT)


def member_discount_cents(invoice: Invoice) -> int:
    """What the member price takes off this enrollment invoice's fee (0: none applies)."""
    program = invoice.program
    if invoice.kind != Invoice.Kind.ENROLLMENT or not program.has_member_price:
        return 0
    return program.enrollment_fee_cents - program.member_fee_cents


def late_membership(invoice: Invoice) -> Membership | None:
    """The confirmed membership, current on the invoice's issue day, that the invoice does not
    reflect (None: no such membership, no member price, or its price was set or corrected)."""
    if not member_discount_cents(invoice):
        return None
    if any(line.kind in CORRECTED for line in invoice.lines.all()):
        return None
    return membership_current(
        user=invoice.user,
        organisation_code=invoice.program.member_organisation,
        on=invoice.issued_on,
    )


def member_price_overpaid(invoice: Invoice) -> Money | None:
    """What was paid on an enrollment invoice beyond the member price, when the person's
    membership was confirmed after the invoice was issued: program staff may refund it. None
    when nothing is over (not paid beyond it, refunded already, or the price was right)."""
    if invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return None
    over = paid_beyond_member_price_cents(invoice)
    if over <= 0 or late_membership(invoice) is None:
        return None
    return Money(over, invoice.currency)


def paid_beyond_member_price_cents(invoice: Invoice) -> int:
    """The cents paid on this enrollment invoice beyond what it would charge at the member
    price (its lines but the credits refunds wrote, a refund of the difference among them, less
    the discount), at most the discount; 0 or less: nothing beyond it. Read from the invoice's
    lines alone (prefetched for a page of them: the membership queue's outcomes)."""
    discount = member_discount_cents(invoice)
    charged = sum(
        line.amount_cents
        for line in invoice.lines.all()
        if line.kind != InvoiceLine.Kind.REFUND_CREDIT
    )
    return min(invoice.net_paid_cents - (charged - discount), discount)


def member_difference_refunded(invoice: Invoice) -> int:
    """The cents of the member price difference that refunds gave back on this enrollment
    invoice while a membership confirmed late made it owed (0: none). What a refusal of that
    membership bills again, at most the program's discount.

    Only what really goes back counts: a card refund that could not be sent (Stripe refused it,
    or Certify gave up) gave nothing back, so the difference on its credit line is still paid
    and is not billed again. What could not be sent is taken from the difference first (the
    person is never billed for money that did not reach them); a refund on its way counts, and
    if it then fails, the difference invoice it caused is voided (`full_price.py`). A refund
    staff try again counts again."""
    given = 0
    for line in invoice.lines.all():
        if line.kind != InvoiceLine.Kind.REFUND_CREDIT or not line.member_difference_cents:
            continue
        failed = sum(
            refund.amount_cents
            for refund in line.refunds.all()
            if refund.status == Refund.Status.FAILED
        )
        given += max(0, line.member_difference_cents - failed)
    return min(given, member_discount_cents(invoice))
