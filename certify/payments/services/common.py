"""What the payment services share: the row lock, totals kept in step (and the invoice settled
by Certify's move, whose event the engine publishes), and the notifications."""

import logging
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from certify.accounts.api import user_list
from certify.accounts.models import Role
from certify.core.documents import render_later
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.workflow import SYSTEM, transition
from certify.notifications.api import notify
from certify.payments.models import CheckoutSession, Invoice, InvoiceLine, Payment, Refund
from certify.payments.parties import invoice_parties

logger = logging.getLogger(__name__)


def invoice_lock(invoice: Invoice | int) -> Invoice:
    """Re-read the invoice with its row locked until the transaction ends (PostgreSQL).

    Paying, crediting and refunding all take this lock first, so they happen one after another
    and each sees what the previous one wrote. SQLite serialises writers anyway (IMMEDIATE).
    """
    pk = invoice if isinstance(invoice, int) else invoice.pk
    return (
        Invoice.objects.select_for_update(of=("self",)).select_related("program", "user").get(pk=pk)
    )


TOTALS = ["total_cents", "paid_cents", "refunded_cents", "updated_at"]


def totals_refresh(invoice: Invoice) -> None:
    """Recount the invoice's totals from its lines, payments and refunds, then settle it if due.

    The one place an invoice becomes paid. Settling is Certify's move (`settle`), the consequence
    of whatever was just recorded: a payment, a card payment from Stripe, a credit; whoever
    recorded it is in its own audit row. The engine publishes "invoice.paid" after commit, once.
    It is also the one place an invoice's money changes (issued, paid, credited, refunded), so
    its PDFs are sent to be typeset again from here (ADR 0058).
    """
    invoice.total_cents = _sum(InvoiceLine.objects.filter(invoice=invoice))
    invoice.paid_cents = _sum(Payment.objects.filter(invoice=invoice))
    invoice.refunded_cents = _sum(Refund.objects.filter(invoice=invoice))
    if invoice.status == Invoice.Status.OPEN and invoice.balance_cents <= 0:
        invoice.settled_at = timezone.now()
        transition(
            invoice,
            "settle",
            actor=SYSTEM,
            data={"paid_cents": invoice.paid_cents, "total_cents": invoice.total_cents},
            update_fields=[*TOTALS, "settled_at"],
        )
    else:
        invoice.save(update_fields=TOTALS)
    # What it shows (and its receipts) changed: typeset them in the background (ADR 0058).
    documents_render_later(invoice)


def documents_render_later(invoice: Invoice) -> None:
    """After commit, typeset the invoice's PDFs that the change made stale (an idempotent task:
    what is stored already is kept)."""
    from certify.payments.tasks import render_invoice_documents  # the task imports services

    render_later(render_invoice_documents, invoice.pk)


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


def checkout_under_way(invoice: Invoice) -> bool:
    """A card checkout of `invoice` the payer may still complete: open at Stripe, not past its
    end. Certify leaves such an invoice as it is rather than void it under the payer (ADR 0042)."""
    return (
        CheckoutSession.objects.filter(invoice=invoice, status=CheckoutSession.Status.OPEN)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .exists()
    )


def credit_sources_live(invoice: Invoice) -> list[str]:
    """The sources of the credits (scholarship awards) still on `invoice`, sorted: each credit
    line names its source, and a withdrawn one is followed by its `<source>:reversed` line."""
    sources = {line.source for line in invoice.lines.all() if line.source}
    return sorted(
        s for s in sources if not s.endswith(":reversed") and f"{s}:reversed" not in sources
    )


def has_credit(invoice: Invoice) -> bool:
    """Whether a credit (a scholarship award) is still on `invoice`: voiding it would return the
    credit to its fund, so Certify does not re-price it itself (ADR 0041, 0042)."""
    return bool(credit_sources_live(invoice))


def tell_staff(*, invoice: Invoice, event: str, link: str, once: str = "", **extra: Any) -> None:
    """Tell the active program staff who may act on the invoice, in the app and by e-mail after
    commit: not its person, nor those it concerns (`parties.invoice_parties`: a provider's
    people for its course fee), who may not refund or void it (ADR 0022). Program staff is one
    role for every program (no staff member belongs to one program), so that is all of them but
    those; the notice names the invoice's program. When nobody is left to tell, it is logged as
    an error for the site's operators, so the money is not left unseen. `once`: a key naming what
    they are told of, so each is told of it once (a Stripe event delivered twice tells nobody
    twice)."""
    barred = {invoice.user_id, *invoice_parties(invoice)}
    told = 0
    for person in user_list(role=Role.PROGRAM_STAFF).filter(is_active=True):
        if person.pk in barred:
            continue  # nobody refunds their own invoice, or their organization's
        told += 1
        notify(
            recipient=person,
            event=event,
            context={"program": invoice.program, "invoice_number": invoice.code, **extra},
            link=link,
            dedupe_key=f"{event}:{once}:{person.pk}" if once else None,
        )
    if not told:
        logger.error(
            "No program staff member can be told of %s on invoice %s (%s): none is active, or "
            "each is the invoice's person or acts for the organization it bills.",
            event,
            invoice.code,
            invoice.program,
        )


def tell(*, invoice: Invoice, event: str, amount: Money, **extra: Any) -> None:
    """Notify the billed person (in the app and by e-mail, after commit)."""
    notify(
        recipient=invoice.user,
        event=event,
        context={
            "program": invoice.program,
            "invoice": invoice,
            "invoice_number": invoice.code,
            "amount": amount.with_cents(),
            "balance": invoice.amount_due.with_cents(),  # its currency ("€0.00", "$12.50")
            "balance_owed": invoice.amount_due.cents > 0,
            **extra,
        },
        link=invoice.get_absolute_url(),
    )


class InvoiceReplacedError(DomainError):
    """Money offered for a void invoice that another replaces (re-priced or re-issued): the
    words name `replacement`, the invoice to pay, and nothing was taken."""

    def __init__(self, message: str, *, replacement: Invoice, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.replacement = replacement


def replacement_of(invoice: Invoice) -> Invoice | None:
    """The invoice that stands for a void one now: its replacement, or that one's, to the last
    (a re-issue re-priced again); None when nothing replaced it."""
    found = None
    current = invoice
    while (
        following := Invoice.objects.filter(replaces=current).order_by("-id").first()
    ) is not None:
        found = current = following
    return found


def nothing_to_pay(invoice: Invoice, *, staff: bool = False) -> DomainError:
    """The refusal of money for an invoice that owes nothing (void, paid, refunded). When it is
    void and another invoice replaces it, the words name that one: the payer, or staff recording
    a check, are pointed to the invoice to pay."""
    replacement = replacement_of(invoice) if invoice.status == Invoice.Status.VOID else None
    if replacement is None:
        if staff:
            return DomainError(
                f"Invoice {invoice.code} is {invoice.get_status_display().lower()}: "
                "nothing is left to pay on it.",
                field="amount",
            )
        return DomainError(f"Invoice {invoice.code} has nothing left to pay.")
    new = replacement.code
    payable = replacement.status == Invoice.Status.OPEN and replacement.balance_cents > 0
    then = (
        (f"Record the payment on invoice {new}." if staff else f"Pay invoice {new} instead.")
        if payable
        else f"Invoice {new} is {replacement.get_status_display().lower()}: nothing is left "
        "to pay on it."
    )
    if staff:
        words = f"Invoice {invoice.code} is void: invoice {new} replaces it. {then}"
        return InvoiceReplacedError(words, replacement=replacement, field="amount")
    words = f"Invoice {invoice.code} was replaced by invoice {new}. Nothing was charged. {then}"
    return InvoiceReplacedError(words, replacement=replacement)
