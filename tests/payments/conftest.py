"""Helpers for payment tests: Stripe-signed webhook events, invoices, PostgreSQL-only tests."""

import hashlib
import hmac
import json
import threading
import time
from itertools import count

import pytest

from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from tests.factories import ProgramFactory

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
REFERENCE = "ref_test_0123456789"  # what Certify puts in a checkout's metadata (`certify_checkout`)
_ids = count(1)


# The fees of the payment tests' program (see `program`).
FEES = {
    "currency": "USD",
    "enrollment_fee_cents": 35000,
    "member_fee_cents": 32500,
    "member_organisation": "ALA",
    "renewal_fee_cents": 15000,
    "course_approval_fee_cents": 10000,
}
# The enrollment fee at the full and the member price, and what the member price takes off.
FULL = Money(FEES["enrollment_fee_cents"])
MEMBER = Money(FEES["member_fee_cents"])
DIFFERENCE = Money(FEES["enrollment_fee_cents"] - FEES["member_fee_cents"])


@pytest.fixture
def program(db):
    """A program whose fees are these tests' own, so their arithmetic reads plainly.

    USD 350, 325 for ALA members, renewal 150, course approval 100: today LSSCP's fees too, but
    pinned here so that LSSCP's fees can change in its data file without touching these tests.
    """
    return ProgramFactory(
        short_name="LSSCP",
        name="Library Support Staff Certification Program",
        **FEES,
    )


@pytest.fixture
def invoice(candidate, program):
    return enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)


def checkout_open(invoice, *, session_id: str = "cs_test_a1", reference: str = REFERENCE):
    """The CheckoutSession row Certify keeps when it opens a Stripe Checkout session."""
    from certify.payments.models import CheckoutSession

    return CheckoutSession.objects.create(
        invoice=invoice,
        stripe_session_id=session_id,
        reference=reference,
        url=f"https://checkout.stripe.com/c/pay/{session_id}",
        amount_cents=invoice.balance_cents,
    )


@pytest.fixture
def checkout(invoice):
    """Certify opened a checkout session (`cs_test_a1`) for the invoice."""
    return checkout_open(invoice)


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_ids):06d}",
        "object": "event",
        "api_version": "2026-10-29.clover",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def session_object(
    invoice,
    *,
    session_id: str = "cs_test_a1",
    intent: str = "pi_test_1",
    amount: int | None = None,
    payment_status: str = "paid",
    status: str = "complete",
) -> dict:
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": amount if amount is not None else invoice.balance_cents,
        "amount_total": amount if amount is not None else invoice.balance_cents,
        "client_reference_id": invoice.code,
        "currency": invoice.currency.lower(),
        "customer_details": {"email": invoice.bill_to_email, "name": invoice.bill_to_name},
        "livemode": False,
        "metadata": {
            "invoice_id": str(invoice.pk),
            "invoice_code": invoice.code,
            "certify_checkout": REFERENCE,
        },
        "mode": "payment",
        "payment_intent": intent,
        "payment_status": payment_status,
        "status": status,
        "url": None,
    }


def intent_object(
    invoice,
    *,
    intent: str = "pi_test_1",
    amount: int | None = None,
    status: str = "succeeded",
    reference: str = REFERENCE,
) -> dict:
    amount = amount if amount is not None else invoice.balance_cents
    return {
        "id": intent,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": invoice.currency.lower(),
        "description": f"Invoice {invoice.code}",
        "last_payment_error": None
        if status == "succeeded"
        else {"code": "card_declined", "message": "Your card was declined."},
        "livemode": False,
        "metadata": {
            "invoice_id": str(invoice.pk),
            "invoice_code": invoice.code,
            "certify_checkout": reference,
        },
        "status": status,
    }


def post_event(client, body: dict, *, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    payload = json.dumps(body)
    return client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature if signature is not None else sign(payload, secret=secret),
    )


@pytest.fixture
def fake_stripe(monkeypatch, stripe_on):
    """Stripe, faked at the HTTP boundary (`tests/payments/fake_stripe.py`); script its answers."""
    import stripe

    from tests.payments.fake_stripe import FakeStripe

    fake = FakeStripe()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    return fake


def card_paid(invoice, *, intent: str = "pi_card", cents: int | None = None):
    """Stripe reported a card payment of the invoice's balance (or `cents`)."""
    from django.db import transaction

    from certify.payments.services.payments import card_payment_record

    invoice.refresh_from_db()
    with transaction.atomic():
        payment, _ = card_payment_record(
            invoice_id=invoice.pk,
            payment_intent=intent,
            amount_cents=invoice.balance_cents if cents is None else cents,
            currency="usd",
        )
    invoice.refresh_from_db()
    return payment


class FakeCheckout:
    """Stripe's `checkout.Session.create` as far as idempotency goes: a request under a key it
    has seen gets the same session back when its parameters are the same, and Stripe's
    `IdempotencyError` when they differ. `during` runs inside each call (to look at the
    database meanwhile); `lose_answers` calls have their session made but raise a connection
    error, as when the answer is lost on the way back."""

    def __init__(self, *, during=None, lose_answers: int = 0) -> None:
        self.by_key: dict[str, tuple[dict, object]] = {}
        self.calls: list[dict] = []
        self.during = during
        self.lose_answers = lose_answers
        self.lock = threading.Lock()  # Stripe answers one key's requests one at a time

    def __call__(self, **params):
        self.calls.append(params)
        if self.during is not None:
            self.during(params)
        with self.lock:
            return self._answer(params)

    def _answer(self, params):
        from unittest import mock

        import stripe

        key = params["idempotency_key"]
        if key in self.by_key:
            sent, session = self.by_key[key]
            if sent != params:
                raise stripe.IdempotencyError("Keys can only be used with the same parameters.")
        else:
            number = len(self.by_key) + 1
            session = mock.Mock(
                id=f"cs_test_{number}", url=f"https://checkout.stripe.com/c/pay/cs_test_{number}"
            )
            self.by_key[key] = (params, session)
        if self.lose_answers:
            self.lose_answers -= 1
            raise stripe.APIConnectionError("The connection was reset.")
        return session
