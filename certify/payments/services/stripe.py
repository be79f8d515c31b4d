"""Card payments through Stripe Checkout, and Stripe's webhook.

Stripe may deliver an event twice, late, or before the event that logically precedes it. Each
event id is stored once (unique), and a payment once per payment intent (unique), so a repeat
changes nothing and any order gives the same result.

An event acts only on a checkout session Certify opened: the session's id (checkout events) or
the random reference Certify put in the payment's metadata (payment intent events) must name a
`CheckoutSession` row, and the invoice is that row's. An event about any other session, even one
correctly signed (another system on the same Stripe account, or a session made by hand), is kept,
logged and acknowledged, and changes nothing: an invoice id in its metadata is never trusted.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.payments.models import CheckoutSession, Invoice, StripeEvent
from certify.payments.refusals import pay_refusal
from certify.payments.services.common import invoice_lock, nothing_to_pay
from certify.payments.services.payments import card_payment_record

logger = logging.getLogger(__name__)

CHECKOUT_MINUTES = 60  # Stripe's minimum is 30; a stale session is simply replaced.
CHECKOUT_WINDOW = 600  # seconds: requests planned in the same window are the same request


class WebhookRefusedError(Exception):
    """The request is not a genuine Stripe event (bad signature or body): answer 400."""


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


@dataclass(frozen=True)
class _CheckoutPlan:
    """What one Stripe Checkout request sends: the same plan gives the same request, so a retry
    (or a second click) under the same idempotency key gets Stripe's same session back."""

    invoice: Invoice
    amount_cents: int
    idempotency_key: str
    reference: str
    expires_at: int


def _reusable(invoice: Invoice, amount_cents: int) -> CheckoutSession | None:
    """An open session Certify recorded for this amount, not yet expired."""
    return (
        CheckoutSession.objects.filter(
            invoice=invoice,
            status=CheckoutSession.Status.OPEN,
            amount_cents=amount_cents,
            expires_at__gt=timezone.now(),
        )
        .order_by("-id")
        .first()
    )


def _open_invoice(invoice: Invoice | int) -> Invoice:
    """The invoice, locked, when money may be taken for it now; refused, with nothing written,
    when nothing is owed (a void invoice another replaces: the words name the one to pay) or
    another app says no (`refusals.pay_refusal`)."""
    invoice = invoice_lock(invoice)
    if invoice.status != Invoice.Status.OPEN or invoice.balance_cents <= 0:
        raise nothing_to_pay(invoice)
    if reason := pay_refusal(invoice):
        raise DomainError(reason)
    return invoice


@transaction.atomic
def _checkout_plan(invoice: Invoice, *, addresses: str) -> CheckoutSession | _CheckoutPlan:
    """A session to reuse, or the plan of a new one (a short transaction, under the lock).
    `addresses`: what else the request sends that may differ between two clicks (the payer's
    e-mail, the return addresses): requests that differ there get different keys, as Stripe
    refuses one key for two different requests."""
    invoice = _open_invoice(invoice)
    reusable = _reusable(invoice, invoice.balance_cents)
    if reusable is not None:
        return reusable
    attempt = CheckoutSession.objects.filter(invoice=invoice).count() + 1
    # The expiry is counted from the start of a 10-minute window (50 to 60 minutes from now) and
    # the window is in the key: a retry in the same window sends the very same request.
    window = int(time.time()) // CHECKOUT_WINDOW * CHECKOUT_WINDOW
    sent = hashlib.sha256(f"{invoice.bill_to_email}|{addresses}".encode()).hexdigest()[:12]
    key = f"certify-checkout-{invoice.code}-{attempt}-{invoice.balance_cents}-{window}-{sent}"
    # Derived from the key with the site's secret: unguessable, and the same on a retry.
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).digest()
    return _CheckoutPlan(
        invoice=invoice,
        amount_cents=invoice.balance_cents,
        idempotency_key=key,
        reference=base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:32],
        expires_at=window + CHECKOUT_MINUTES * 60,
    )


def _stripe_session(plan: _CheckoutPlan, *, success_url: str, cancel_url: str) -> Any:
    """Ask Stripe for the session (no transaction or lock open: ADR 0052)."""
    invoice = plan.invoice
    metadata = {
        "invoice_id": str(invoice.pk),
        "invoice_code": invoice.code,
        "certify_checkout": plan.reference,
    }
    return stripe.checkout.Session.create(
        api_key=settings.STRIPE_SECRET_KEY,
        idempotency_key=plan.idempotency_key,
        mode="payment",
        client_reference_id=invoice.code,
        customer_email=invoice.bill_to_email,
        line_items=[
            {
                "quantity": 1,
                "price_data": {
                    "currency": invoice.currency.lower(),
                    "unit_amount": plan.amount_cents,
                    "product_data": {
                        "name": f"Invoice {invoice.code}: {invoice.program.name}"[:250]
                    },
                },
            }
        ],
        metadata=metadata,
        payment_intent_data={"metadata": metadata, "description": f"Invoice {invoice.code}"},
        success_url=success_url,
        cancel_url=cancel_url,
        expires_at=plan.expires_at,
    )


@transaction.atomic
def _checkout_record(plan: _CheckoutPlan, session: Any, actor: Any) -> CheckoutSession:
    """Keep the session Stripe opened, if the invoice still owes what it was opened for; a
    session another click recorded meanwhile is the one handed out (never two)."""
    invoice = _open_invoice(plan.invoice.pk)
    if invoice.balance_cents != plan.amount_cents:
        raise DomainError(
            f"What is owed on invoice {invoice.code} changed while the card payment was being "
            "started. Nothing was charged: start the card payment again."
        )
    recorded = _reusable(invoice, plan.amount_cents)
    if recorded is not None:
        return recorded
    checkout = CheckoutSession.objects.create(
        invoice=invoice,
        stripe_session_id=session.id,
        reference=plan.reference,
        url=session.url or "",
        amount_cents=plan.amount_cents,
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=datetime.fromtimestamp(plan.expires_at, tz=UTC),
    )
    audit_record(
        actor=actor,
        verb="payment.checkout_started",
        target=invoice,
        data={"session": session.id, "amount_cents": plan.amount_cents},
    )
    return checkout


def checkout_session_create(
    *, invoice: Invoice, actor: Any, success_url: str, cancel_url: str
) -> CheckoutSession:
    """Open (or reuse) a Stripe Checkout session for what is still owed on the invoice.

    Three steps, and Stripe is asked with no transaction or lock open (ADR 0052): plan under
    the invoice's lock (or reuse the open session for the same amount, so a second click gets
    the first one back), ask Stripe under an idempotency key the plan fixes, record under the
    lock again. A failure records nothing; a retry sends the same request under the same key,
    so a session Stripe opened without our hearing of it is the one returned, never a second.
    Refused, before Stripe is asked, for an invoice another app says cannot be paid now (a
    renewal of a suspended or revoked certificate: `refusals.py`).
    """
    if not card_payments_enabled() or not invoice.program.accepts_card:
        raise DomainError(
            "Card payment is not available. Pay by check, purchase order or institutional invoice."
        )
    plan = _checkout_plan(invoice, addresses=f"{success_url}|{cancel_url}")
    if isinstance(plan, CheckoutSession):
        return plan
    try:
        session = _stripe_session(plan, success_url=success_url, cancel_url=cancel_url)
    except stripe.StripeError as error:
        logger.warning("Stripe Checkout for %s failed: %s", plan.invoice.code, error)
        # Stripe refuses a request while the same key's first one is still running: the first
        # click's session is then the answer, once it is recorded.
        recorded = _reusable(plan.invoice, plan.amount_cents)
        if recorded is not None:
            return recorded
        raise DomainError(
            "We could not start the card payment just now. Try again in a few minutes, or pay "
            "by check, purchase order or institutional invoice."
        ) from error
    return _checkout_record(plan, session, actor)


def stripe_webhook_receive(*, payload: bytes, signature: str) -> tuple[StripeEvent, bool]:
    """Check Stripe's signature, then process the event once. Refuses anything unsigned."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookRefusedError("Card payments are not configured.")
    try:
        stripe.Webhook.construct_event(payload, signature, secret)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookRefusedError(f"Refused: {error}") from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise WebhookRefusedError("Refused: not a Stripe event.")
    return stripe_event_process(event=event)


@transaction.atomic
def stripe_event_process(*, event: dict[str, Any]) -> tuple[StripeEvent, bool]:
    """Act on one verified event, exactly once. Returns the stored event and whether it is new."""
    try:
        with transaction.atomic():
            row = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                livemode=bool(event.get("livemode")),
                payload=event,
            )
    except IntegrityError:
        return StripeEvent.objects.get(event_id=event["id"]), False
    obj = (event.get("data") or {}).get("object") or {}
    handler = HANDLERS.get(event["type"])
    try:
        with transaction.atomic():
            row.result = handler(obj) if handler else "ignored"
    except DomainError as error:
        # A real payment we cannot place: keep the event (so it is not retried forever) and
        # tell staff through the audit trail.
        row.result = f"needs attention: {error.message}"[:300]
        audit_record(actor=None, verb="payment.stripe_attention", target=row, reason=error.message)
    row.save(update_fields=["result"])
    return row, True


UNKNOWN_SESSION = "ignored: a checkout session Certify did not open"


def _unknown(event_object: dict[str, Any], what: str) -> str:
    logger.warning(
        "Stripe sent %s %s for a checkout session Certify did not open: ignored.",
        event_object.get("object") or "an object",
        what or "(no id)",
    )
    return UNKNOWN_SESSION


def _intent_id(value: Any) -> str:
    return str(value.get("id") if isinstance(value, dict) else value or "")


def _session_paid(obj: dict[str, Any]) -> str:
    session_id = str(obj.get("id") or "")
    checkout = CheckoutSession.objects.filter(stripe_session_id=session_id).first()
    if not session_id or checkout is None:
        return _unknown(obj, session_id)
    if obj.get("payment_status") != "paid":
        return "waiting: the payment is not complete yet"
    intent = _intent_id(obj.get("payment_intent"))
    if not intent:
        return "ignored: no payment intent"
    payment, created = card_payment_record(
        invoice_id=checkout.invoice_id,
        payment_intent=intent,
        amount_cents=int(obj.get("amount_total") or 0),
        currency=str(obj.get("currency") or ""),
    )
    CheckoutSession.objects.filter(pk=checkout.pk).update(status=CheckoutSession.Status.COMPLETE)
    return f"payment {payment.receipt_code} " + ("recorded" if created else "already recorded")


def _intent_succeeded(obj: dict[str, Any]) -> str:
    reference = str((obj.get("metadata") or {}).get("certify_checkout") or "")
    checkout = CheckoutSession.objects.filter(reference=reference).first() if reference else None
    if checkout is None:
        return _unknown(obj, str(obj.get("id") or ""))
    payment, created = card_payment_record(
        invoice_id=checkout.invoice_id,
        payment_intent=str(obj.get("id") or ""),
        amount_cents=int(obj.get("amount_received") or 0),
        currency=str(obj.get("currency") or ""),
    )
    return f"payment {payment.receipt_code} " + ("recorded" if created else "already recorded")


def _session_expired(obj: dict[str, Any]) -> str:
    session_id = str(obj.get("id") or "")
    checkout = CheckoutSession.objects.filter(stripe_session_id=session_id).first()
    if checkout is None:
        return _unknown(obj, session_id)
    invoice_lock(checkout.invoice_id)
    changed = CheckoutSession.objects.filter(
        pk=checkout.pk, status=CheckoutSession.Status.OPEN
    ).update(status=CheckoutSession.Status.EXPIRED)
    return "session expired" if changed else "ignored: session already complete"


def _payment_failed(obj: dict[str, Any]) -> str:
    return "payment failed: invoice unchanged"


HANDLERS = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "checkout.session.expired": _session_expired,
    "checkout.session.async_payment_failed": _payment_failed,
    "payment_intent.succeeded": _intent_succeeded,
    "payment_intent.payment_failed": _payment_failed,
}
