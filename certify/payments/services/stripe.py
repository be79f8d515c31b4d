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

import json
import logging
import secrets
import time
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.payments.models import CheckoutSession, Invoice, StripeEvent
from certify.payments.services.common import invoice_lock
from certify.payments.services.payments import card_payment_record

logger = logging.getLogger(__name__)

CHECKOUT_MINUTES = 60  # Stripe's minimum is 30; a stale session is simply replaced.


class WebhookRefusedError(Exception):
    """The request is not a genuine Stripe event (bad signature or body): answer 400."""


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


@transaction.atomic
def checkout_session_create(
    *, invoice: Invoice, actor: Any, success_url: str, cancel_url: str
) -> CheckoutSession:
    """Open (or reuse) a Stripe Checkout session for what is still owed on the invoice.

    A second click while a session for the same amount is open gets that session back, so a
    double-clicked pay button never opens two.
    """
    if not card_payments_enabled() or not invoice.program.accepts_card:
        raise DomainError(
            "Card payment is not available. Pay by check, purchase order or institutional invoice."
        )
    invoice = invoice_lock(invoice)
    if invoice.status != Invoice.Status.OPEN or invoice.balance_cents <= 0:
        raise DomainError(f"Invoice {invoice.code} has nothing left to pay.")
    now = timezone.now()
    reusable = (
        CheckoutSession.objects.filter(
            invoice=invoice,
            status=CheckoutSession.Status.OPEN,
            amount_cents=invoice.balance_cents,
            expires_at__gt=now,
        )
        .order_by("-id")
        .first()
    )
    if reusable is not None:
        return reusable
    attempt = CheckoutSession.objects.filter(invoice=invoice).count() + 1
    expires_at = int(time.time()) + CHECKOUT_MINUTES * 60
    reference = secrets.token_urlsafe(24)
    metadata = {
        "invoice_id": str(invoice.pk),
        "invoice_code": invoice.code,
        "certify_checkout": reference,
    }
    try:
        session = stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            idempotency_key=f"certify-checkout-{invoice.code}-{attempt}-{invoice.balance_cents}",
            mode="payment",
            client_reference_id=invoice.code,
            customer_email=invoice.bill_to_email,
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": invoice.currency.lower(),
                        "unit_amount": invoice.balance_cents,
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
            expires_at=expires_at,
        )
    except stripe.StripeError as error:
        logger.warning("Stripe Checkout for %s failed: %s", invoice.code, error)
        raise DomainError(
            "We could not start the card payment just now. Try again in a few minutes, or pay "
            "by check, purchase order or institutional invoice."
        ) from error
    checkout = CheckoutSession.objects.create(
        invoice=invoice,
        stripe_session_id=session.id,
        reference=reference,
        url=session.url or "",
        amount_cents=invoice.balance_cents,
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=datetime.fromtimestamp(expires_at, tz=UTC),
    )
    audit_record(
        actor=actor,
        verb="payment.checkout_started",
        target=invoice,
        data={"session": session.id, "amount_cents": invoice.balance_cents},
    )
    return checkout


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
