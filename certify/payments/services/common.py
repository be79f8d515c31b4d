"""What the payment services share: the row lock, totals kept in step, the events and the
notifications."""

from typing import Any

from django.db.models import Sum
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.events import publish
from certify.core.money import Money
from certify.notifications.api import notify
from certify.payments.events import INVOICE_SETTLED
from certify.payments.models import Invoice, InvoiceLine, Payment, Refund


def invoice_lock(invoice: Invoice | int) -> Invoice:
    """Re-read the invoice with its row locked until the transaction ends (PostgreSQL).

    Paying, crediting and refunding all take this lock first, so they happen one after another
    and each sees what the previous one wrote. SQLite serialises writers anyway (IMMEDIATE).
    """
    pk = invoice if isinstance(invoice, int) else invoice.pk
    return Invoice.objects.select_for_update().select_related("program", "user").get(pk=pk)


def totals_refresh(invoice: Invoice) -> None:
    """Recount the invoice's totals from its lines, payments and refunds, then settle it if due.

    The one place an invoice becomes paid (card, a payment staff recorded, a credit covering
    the rest): "invoice.settled" is published here, once, in the caller's transaction.
    """
    invoice.total_cents = _sum(InvoiceLine.objects.filter(invoice=invoice))
    invoice.paid_cents = _sum(Payment.objects.filter(invoice=invoice))
    invoice.refunded_cents = _sum(Refund.objects.filter(invoice=invoice))
    settles = invoice.status == Invoice.Status.OPEN and invoice.balance_cents <= 0
    if settles:
        invoice.status = Invoice.Status.PAID
        invoice.settled_at = timezone.now()
    invoice.save(
        update_fields=[
            "total_cents",
            "paid_cents",
            "refunded_cents",
            "status",
            "settled_at",
            "updated_at",
        ]
    )
    if settles:
        invoice_announce(invoice=invoice, event=INVOICE_SETTLED)


def invoice_announce(*, invoice: Invoice, event: str) -> None:
    """Publish an invoice event ("invoice.settled", "invoice.refunded") after commit."""
    publish(
        event,
        invoice_id=invoice.pk,
        kind=invoice.kind,
        subject=invoice.subject,
        user_id=invoice.user_id,
        program_id=invoice.program_id,
    )


def _sum(qs: Any) -> int:
    return int(qs.aggregate(total=Sum("amount_cents"))["total"] or 0)


def money_check(*, invoice: Invoice, amount: Money, field: str = "amount") -> None:
    if amount.currency != invoice.currency:
        raise DomainError(
            f"Invoice {invoice.code} is in {invoice.currency}, not {amount.currency}.",
            field=field,
        )
    if amount.cents <= 0:
        raise DomainError("Enter an amount greater than zero.", field=field)


def tell(*, invoice: Invoice, event: str, amount: Money, **extra: Any) -> None:
    """Notify the billed person (in the app and by e-mail, after commit)."""
    notify(
        recipient=invoice.user,
        event=event,
        context={
            "program": invoice.program,
            "invoice": invoice,
            "invoice_number": invoice.code,
            "amount": str(amount),
            "balance": str(invoice.amount_due),
            **extra,
        },
        link=invoice.get_absolute_url(),
    )
