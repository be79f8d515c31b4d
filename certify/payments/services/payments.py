"""Money in and out: offline payments recorded by staff, card payments from Stripe, refunds."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.names import fold
from certify.core.services import audit_record
from certify.core.workflow import check, relation_check, transition
from certify.payments.concerns import money_concern
from certify.payments.models import Invoice, InvoiceLine, Payment, Refund
from certify.payments.refusals import pay_refusal, refund_refusal
from certify.payments.selectors import enrollment_invoice_for
from certify.payments.services.common import (
    invoice_lock,
    money_check,
    nothing_to_pay,
    tell,
    tell_staff,
    totals_refresh,
)
from certify.payments.services.member_difference import member_price_overpaid
from certify.payments.services.refunds import card_refunds_send
from certify.payments.workflow import REASON_FOR_REFUND, RECORDER
from certify.programs.api import program_today
from certify.programs.models import Program

# Said after another app's words when an offline payment waits for staff to confirm it.
CONFIRM_CONCERN = "Confirm that you record it all the same, or record nothing."

REFERENCE_PROMPTS = {
    Payment.Method.CHEQUE: "Enter the check number.",
    Payment.Method.PURCHASE_ORDER: "Enter the purchase order number.",
    Payment.Method.INSTITUTIONAL_INVOICE: "Enter the institution's invoice or transfer reference.",
}


def _require_not_recorded(
    invoice: Invoice, method: str, amount: Money, reference: str, received_on: date
) -> None:
    """Refuse the same payment twice (a double click, two tabs): the same method, reference
    (case, accents and spaces aside), amount and day of receipt on this invoice. Called under the
    invoice's lock, so two requests at once cannot both pass."""
    same = Payment.objects.filter(
        invoice=invoice, method=method, amount_cents=amount.cents, received_on=received_on
    ).values_list("reference", flat=True)
    recorded = next((seen for seen in same if fold(seen) == fold(reference)), None)
    if recorded is not None:
        raise DomainError(
            f"{recorded} is already recorded on invoice {invoice.code}: {amount.with_cents()} "
            f"received on {received_on:%B %-d, %Y}. A payment is recorded once; if this is "
            "another one with the same reference, add to the reference what tells them apart "
            "(for example “part 2”).",
            field="reference",
        )


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    amount: Money,
    method: str,
    reference: str,
    actor: User,
    received_on: date | None = None,
    note: str = "",
    record_anyway: bool = False,
) -> Payment:
    """Staff record a cheque, purchase order or institutional payment against an invoice.

    Only program staff other than the invoice's person record one: nobody records a cheque on
    their own invoice. Refused, with nothing changed, when it is more than what is still owed.
    When it covers the balance, Certify settles the invoice (its `settle` move). Refused too
    while another app takes no money for the invoice (`refusals.pay_refusal`: the renewal fee of
    a suspended or revoked certificate, ADR 0014; of a suspended course, ADR 0009). When another
    app says what the invoice is for no longer stands (`concerns.money_concern`: the fee of an
    application its candidate withdrew), nothing is recorded until staff confirm with
    `record_anyway` (ADR 0052); the audit row keeps the words they confirmed.
    """
    if method not in Payment.OFFLINE_METHODS:
        raise DomainError(
            "Choose how it was paid: check, purchase order or institutional invoice.",
            field="method",
        )
    reference = reference.strip()
    if not reference:
        raise DomainError(REFERENCE_PROMPTS[Payment.Method(method)], field="reference")
    invoice = invoice_lock(invoice)
    relation_check(
        RECORDER,
        invoice,
        actor=actor,
        refusal=f"You are not allowed to record a payment on invoice {invoice.code}: only "
        f"{RECORDER.label} can.",
    )
    if reason := pay_refusal(invoice, staff=True):
        raise DomainError(reason)
    money_check(invoice=invoice, amount=amount)
    today = program_today(invoice.program)
    received_on = received_on or today
    if received_on > today:
        raise DomainError(
            "The payment cannot have been received in the future.", field="received_on"
        )
    if invoice.status != Invoice.Status.OPEN or invoice.balance_cents <= 0:
        raise nothing_to_pay(invoice, staff=True)
    if amount.cents > invoice.balance_cents:
        raise DomainError(
            f"{amount.with_cents()} is more than the {invoice.balance.with_cents()} still owed "
            f"on invoice {invoice.code}. "
            "Record the amount owed, and return the difference to the payer.",
            field="amount",
        )
    _require_not_recorded(invoice, method, amount, reference, received_on)
    concern = money_concern(invoice, offline=True)
    if concern and not record_anyway:
        raise DomainError(f"{concern} {CONFIRM_CONCERN}", field="record_anyway")
    payment = Payment.objects.create(
        invoice=invoice,
        amount_cents=amount.cents,
        method=method,
        reference=reference,
        received_on=received_on,
        note=note.strip(),
        recorded_by=actor,
    )
    totals_refresh(invoice)
    audit_record(
        actor=actor,
        verb="payment.recorded",
        target=invoice,
        reason=concern or "",  # what staff confirmed they record it despite
        data={"payment": payment.pk, "amount_cents": amount.cents, "method": method},
    )
    tell(invoice=invoice, event="payment.receipt", amount=amount, payment=payment)
    return payment


def card_payment_record(
    *, invoice_id: int, payment_intent: str, amount_cents: int, currency: str
) -> tuple[Payment, bool]:
    """Record money Stripe took, once per payment intent, whatever order the events come in.

    The money was taken, so it is recorded even when the invoice was settled meanwhile; the
    invoice then shows a credit that staff refund, and they are told. Paid exactly but for
    something another app says no longer stands (`concerns.money_concern`: a withdrawn
    application, a stopped certificate's renewal), staff are told too. Each notice is sent once
    per payment. Returns the payment and whether it is new.
    Call inside a transaction.
    """
    invoice = invoice_lock(invoice_id)
    existing = Payment.objects.filter(stripe_payment_intent=payment_intent).first()
    if existing is not None:
        return existing, False
    if currency.upper() != invoice.currency:
        raise DomainError(
            f"Stripe charged {currency.upper()}; invoice {invoice.code} is in {invoice.currency}."
        )
    payment = Payment.objects.create(
        invoice=invoice,
        amount_cents=amount_cents,
        method=Payment.Method.CARD,
        reference=payment_intent,
        stripe_payment_intent=payment_intent,
        received_on=program_today(invoice.program),
    )
    totals_refresh(invoice)
    audit_record(
        actor=None,
        verb="payment.card_received",
        target=invoice,
        data={"payment": payment.pk, "amount_cents": amount_cents, "intent": payment_intent},
    )
    if invoice.balance_cents < 0:
        void = invoice.status == Invoice.Status.VOID
        audit_record(
            actor=None,
            verb="payment.overpaid",
            target=invoice,
            reason=(
                "A card payment arrived after the invoice was voided: refund it."
                if void
                else "A card payment arrived after the invoice was settled: refund the difference."
            ),
            data={"credit_cents": -invoice.balance_cents},
        )
        # Program staff refund it: told once for this payment, with the invoice's page.
        tell_staff(
            invoice=invoice,
            event="payment.refund_pending",
            link=invoice.get_absolute_url(),
            once=f"payment-{payment.pk}",
            amount=payment.amount.with_cents(),
            held=invoice.refund_pending.with_cents(),
            void=void,
        )
    elif concern := money_concern(invoice):
        # Paid what it asks, but for something that no longer stands: staff decide, told once.
        audit_record(actor=None, verb="payment.to_check", target=invoice, reason=concern)
        tell_staff(
            invoice=invoice,
            event="payment.to_check",
            link=invoice.get_absolute_url(),
            once=f"payment-{payment.pk}",
            amount=payment.amount.with_cents(),
            concern=concern,
        )
    tell(invoice=invoice, event="payment.receipt", amount=payment.amount, payment=payment)
    return payment, True


def amount_prompt(invoice: Invoice) -> str:
    """What a refund form says when the amount is missing (the form's and the API's words)."""
    return f"Enter the amount to refund, up to {invoice.net_paid.with_cents()}."


def refund_check(*, invoice: Invoice, amount: Money | None, reason: str, actor: Any) -> Money:
    """Everything `invoice_refund` checks, with nothing written: the confirmation page asks it
    before it shows what will happen. Returns the amount to refund."""
    reason = reason.strip()
    refundable = invoice.net_paid_cents
    # Who may refund at all comes first (the `refund` move's relation), then what is left.
    relation_check(RECORDER, invoice, actor=actor)
    if invoice.paid_cents <= 0:
        raise DomainError(
            f"Nothing has been paid on invoice {invoice.code}, so there is nothing to refund.",
            field="amount",
        )
    if refundable <= 0:
        raise DomainError(
            f"Everything paid on invoice {invoice.code} has already been refunded: nothing is "
            "left to refund.",
            field="amount",
        )
    if refused := refund_refusal(invoice):  # another app's reason (`refusals.py`)
        raise DomainError(refused)
    if invoice.status == Invoice.Status.VOID:
        # Money that reached a void invoice (a card payment begun before the void) is returned
        # by the same people, with a reason; the invoice stays void (nothing is written off).
        if not reason:
            raise DomainError(REASON_FOR_REFUND, field="reason")
    else:
        check(invoice, "refund", actor=actor, reason=reason)
    if amount is None:
        raise DomainError(amount_prompt(invoice), field="amount")
    money_check(invoice=invoice, amount=amount)
    if amount.cents > refundable:
        raise DomainError(
            f"You can refund at most {invoice.net_paid.with_cents()}: that is what was paid on "
            f"invoice {invoice.code} and not yet refunded.",
            field="amount",
        )
    return amount


@dataclass(frozen=True)
class RefundPlan:
    """What a refund of `cents` will do: the parts per payment (newest first), whether it is
    everything (the invoice becomes "Refunded") and what comes off the invoice as a credit."""

    parts: list[tuple[Payment, int]]
    full: bool
    write_off: int


def refund_plan(*, invoice: Invoice, cents: int) -> RefundPlan:
    void = invoice.status == Invoice.Status.VOID
    full = cents == invoice.net_paid_cents and not void
    overpaid = max(0, -invoice.balance_cents)
    write_off = invoice.total_cents if full else cents - min(cents, overpaid)
    parts = []
    left = cents
    for payment in Payment.objects.filter(invoice=invoice).order_by("-received_on", "-id"):
        part = min(left, payment.refundable_cents)
        if part <= 0:
            continue
        parts.append((payment, part))
        left -= part
        if left == 0:
            break
    return RefundPlan(parts, full, 0 if void else write_off)


@transaction.atomic
def invoice_refund(
    *,
    invoice: Invoice,
    reason: str,
    actor: Any,
    amount: Money | None,
    reference: str = "",
    refundable_seen: int | None = None,
    tell_payer: bool = True,
) -> list[Refund]:
    """Give back all or part of what was paid, with a reason. The amount is always given: a
    missing one is refused ("Enter the amount to refund, up to …" and what is refundable, in
    the invoice's currency), never "everything".

    Every refund, whole or part, is for program staff other than the invoice's person (the
    `refund` move's check). A refund never leaves anything owed: it first returns any
    overpayment, and the rest comes off the invoice as a credit line. Refunding everything is
    the `refund` move: the invoice is cancelled ("refunded") and no longer counts as settled.

    Card payments go back through Stripe after this commits, in a background task (ADR 0052):
    the decision never waits for Stripe, and its refunds are "on its way" until Stripe accepts
    them. `refundable_seen`: what was refundable when the person confirmed; a confirmation made
    before another refund (a replayed or stale one) is refused. `tell_payer=False`: the app
    that decided the refund tells the payer in its own notice of that decision (one notice, not
    a refund receipt besides it), so no refund receipt is sent. The part of the credit that
    gives back the member price difference of a membership confirmed late is kept on the credit
    line (`member_difference_cents`): a refusal of that membership bills it again (ADR 0042).
    """
    reason = reason.strip()
    invoice = invoice_lock(invoice)
    amount = refund_check(invoice=invoice, amount=amount, reason=reason, actor=actor)
    if refundable_seen is not None and refundable_seen != invoice.net_paid_cents:
        raise DomainError(
            f"Invoice {invoice.code} changed since you confirmed: another refund or payment was "
            f"recorded, and now {invoice.net_paid.with_cents()} can be refunded. Check the "
            "invoice and confirm again.",
            field="amount",
        )
    plan = refund_plan(invoice=invoice, cents=amount.cents)
    full, write_off = plan.full, plan.write_off
    # What of the credit gives back the member price difference (a membership confirmed after
    # the invoice was issued): kept, so that a refusal of it bills it again (ADR 0042).
    over = member_price_overpaid(invoice)
    refunds = _refunds_make(plan, invoice=invoice, reason=reason, actor=actor, reference=reference)
    if write_off > 0:
        line = InvoiceLine.objects.create(
            invoice=invoice,
            kind=InvoiceLine.Kind.REFUND_CREDIT,
            description=f"Refunded: {reason}"[:300],  # lowers the total
            amount_cents=-write_off,
            member_difference_cents=0 if full or over is None else min(write_off, over.cents),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        # Its refunds say whether the money went back: a difference whose card refund could
        # not be sent is still paid, never billed again (`member_difference_refunded`).
        Refund.objects.filter(pk__in=[r.pk for r in refunds]).update(credit_line=line)
        for refund in refunds:
            refund.credit_line = line
    money = {"amount_cents": amount.cents, "full": full, "refunds": [r.pk for r in refunds]}
    if full:
        # Before the recount: an open invoice whose lines are written off must not settle.
        transition(invoice, "refund", actor=actor, reason=reason, data=money, update_fields=[])
    totals_refresh(invoice)
    audit_record(actor=actor, verb="payment.refunded", target=invoice, reason=reason, data=money)
    card_refunds_send(refunds)
    if tell_payer:
        tell(
            invoice=invoice,
            event="payment.receipt",
            amount=amount,
            refund=refunds[0],
            reason=reason,
            by_card=any(r.status == Refund.Status.PENDING for r in refunds),
        )
    return refunds


def _refunds_make(
    plan: RefundPlan, *, invoice: Invoice, reason: str, actor: Any, reference: str
) -> list[Refund]:
    """One refund per payment of the plan. A card payment's refund is on its way (pending)
    until Stripe accepts it; any other is recorded as sent (staff give the money back)."""
    refunds = []
    recorder = actor if getattr(actor, "pk", None) else None
    for payment, part in plan.parts:
        by_card = payment.method == Payment.Method.CARD
        refund = Refund.objects.create(
            invoice=invoice,
            payment=payment,
            amount_cents=part,
            reason=reason,
            reference=reference.strip(),
            refunded_on=program_today(invoice.program),
            recorded_by=recorder,
            status=Refund.Status.PENDING if by_card else Refund.Status.SENT,
            sent_at=None if by_card else timezone.now(),
        )
        payment.refunded_cents += part
        payment.save(update_fields=["refunded_cents"])
        refunds.append(refund)
    return refunds


@transaction.atomic
def enrollment_fee_refund(*, user: User, program: Program, reason: str, actor: Any) -> list[Refund]:
    """Refund whatever was paid on the person's enrollment invoice (e.g. not eligible).

    Does nothing when there is no enrollment invoice or nothing was paid on it.
    """
    invoice = enrollment_invoice_for(user=user, program=program)
    if invoice is None:
        return []
    invoice = invoice_lock(invoice)
    if invoice.net_paid_cents <= 0:
        return []
    return invoice_refund(invoice=invoice, reason=reason, actor=actor, amount=invoice.net_paid)
