import json
import time
from unittest import mock

import pytest
import stripe
from django.urls import reverse

from certify.core.money import Money
from certify.payments.models import CheckoutSession, Invoice, Payment, StripeEvent
from certify.payments.services import payment_record
from tests.payments.conftest import (
    FakeCheckout,
    checkout_open,
    event,
    intent_object,
    post_event,
    session_object,
    sign,
)


def _fake_session(session_id="cs_test_a1"):
    return mock.Mock(id=session_id, url=f"https://checkout.stripe.com/c/pay/{session_id}")


def _state(invoice):
    invoice.refresh_from_db()
    return invoice.status, invoice.paid_cents, Payment.objects.filter(invoice=invoice).count()


UNCHANGED = ("open", 0, 0)


def test_the_pay_button_opens_a_stripe_checkout_session(client, candidate, invoice, stripe_on):
    client.force_login(candidate)
    with mock.patch("stripe.checkout.Session.create", return_value=_fake_session()) as create:
        response = client.post(reverse("payments:pay", args=[invoice.code]))
    assert response.status_code == 302
    assert response.url == "https://checkout.stripe.com/c/pay/cs_test_a1"
    params = create.call_args.kwargs
    assert params["api_key"] == "sk_test_not_a_real_key"
    assert params["mode"] == "payment"
    assert params["line_items"][0]["price_data"]["unit_amount"] == 35000
    assert params["line_items"][0]["price_data"]["currency"] == "usd"
    reference = CheckoutSession.objects.get().reference
    assert len(reference) >= 32  # random: a Stripe event names the session by it
    assert params["metadata"] == {
        "invoice_id": str(invoice.pk),
        "invoice_code": invoice.code,
        "certify_checkout": reference,
    }
    assert params["payment_intent_data"]["metadata"] == params["metadata"]
    assert params["idempotency_key"].startswith(f"certify-checkout-{invoice.code}-1-")
    assert params["success_url"].endswith(f"/payments/invoices/{invoice.code}/paid/")
    # A double click gets the same session back; Stripe is asked once.
    with mock.patch("stripe.checkout.Session.create", return_value=_fake_session("cs_2")) as again:
        client.post(reverse("payments:pay", args=[invoice.code]))
    again.assert_not_called()
    assert CheckoutSession.objects.count() == 1
    assert _state(invoice) == UNCHANGED


def test_without_keys_card_payment_is_off_and_offline_ways_are_explained(
    client, candidate, invoice
):
    client.force_login(candidate)
    page = client.get(invoice.get_absolute_url()).text
    assert "by card" not in page  # no way offered that does not work (ADR 0042)
    assert "Pay by check" in page
    assert "purchase order" in page
    assert "institutional invoice" in page
    response = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
    assert "Card payment is not available" in response.text
    assert not CheckoutSession.objects.exists()


def test_a_stripe_outage_when_starting_leaves_everything_as_it_was(
    client, candidate, invoice, stripe_on
):
    client.force_login(candidate)
    error = stripe.APIConnectionError("Network down")
    with mock.patch("stripe.checkout.Session.create", side_effect=error):
        response = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
    assert "could not start the card payment" in response.text
    assert not CheckoutSession.objects.exists()
    assert _state(invoice) == UNCHANGED


def test_checkout_completed_records_one_payment_and_settles(client, invoice, stripe_on):
    CheckoutSession.objects.create(
        invoice=invoice, stripe_session_id="cs_test_a1", url="https://x.test", amount_cents=35000
    )
    response = post_event(client, event("checkout.session.completed", session_object(invoice)))
    assert response.status_code == 200
    assert response.json()["result"].endswith("recorded")
    assert _state(invoice) == ("paid", 35000, 1)
    payment = Payment.objects.get()
    assert (payment.method, payment.stripe_payment_intent) == ("card", "pi_test_1")
    assert CheckoutSession.objects.get().status == "complete"


def test_a_repeated_webhook_records_one_payment(client, invoice, checkout, stripe_on):
    body = event("checkout.session.completed", session_object(invoice))
    first, second = post_event(client, body), post_event(client, body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["duplicate"] is True
    assert _state(invoice) == ("paid", 35000, 1)
    assert StripeEvent.objects.count() == 1


def test_payment_intent_events_before_checkout_completed_make_one_payment(
    client, invoice, checkout, stripe_on
):
    obj = session_object(invoice)
    post_event(client, event("payment_intent.succeeded", intent_object(invoice)))
    assert _state(invoice) == ("paid", 35000, 1)
    response = post_event(client, event("checkout.session.completed", obj))
    assert response.json()["result"].endswith("already recorded")
    post_event(client, event("checkout.session.async_payment_succeeded", obj))
    assert _state(invoice) == ("paid", 35000, 1)
    assert StripeEvent.objects.count() == 3


def test_an_expired_event_after_completion_changes_nothing(client, invoice, stripe_on):
    CheckoutSession.objects.create(
        invoice=invoice, stripe_session_id="cs_test_a1", url="https://x.test", amount_cents=35000
    )
    post_event(client, event("checkout.session.completed", session_object(invoice)))
    expired = session_object(invoice, payment_status="unpaid", status="expired")
    response = post_event(client, event("checkout.session.expired", expired))
    assert "already complete" in response.json()["result"]
    assert CheckoutSession.objects.get().status == "complete"
    assert _state(invoice) == ("paid", 35000, 1)


def test_an_expired_unpaid_session_is_marked_expired(client, invoice, stripe_on):
    CheckoutSession.objects.create(
        invoice=invoice, stripe_session_id="cs_test_a1", url="https://x.test", amount_cents=35000
    )
    expired = session_object(invoice, payment_status="unpaid", status="expired")
    post_event(client, event("checkout.session.expired", expired))
    assert CheckoutSession.objects.get().status == "expired"
    assert _state(invoice) == UNCHANGED


@pytest.mark.parametrize(
    "failure",
    [
        lambda inv: event(
            "payment_intent.payment_failed", intent_object(inv, status="requires_payment_method")
        ),
        lambda inv: event(
            "checkout.session.async_payment_failed", session_object(inv, payment_status="unpaid")
        ),
        lambda inv: event(
            "checkout.session.completed", session_object(inv, payment_status="unpaid")
        ),
    ],
    ids=["intent_failed", "async_failed", "completed_but_unpaid"],
)
def test_a_failed_payment_leaves_the_invoice_as_it_was(
    client, invoice, checkout, stripe_on, failure
):
    response = post_event(client, failure(invoice))
    assert response.status_code == 200
    assert _state(invoice) == UNCHANGED
    invoice.refresh_from_db()
    assert invoice.amount_due == Money(35000)


@pytest.mark.parametrize(
    "signature",
    [
        lambda payload: sign(payload, secret="whsec_someone_else"),
        lambda payload: sign(payload + " "),
        lambda payload: sign(payload, timestamp=int(time.time()) - 3600),
        lambda payload: "",
        lambda payload: "t=abc,v1=zzz",
    ],
    ids=["wrong_secret", "tampered_body", "replayed_old", "missing", "garbage"],
)
def test_a_bad_signature_is_refused_with_400_and_changes_nothing(
    client, invoice, stripe_on, signature
):
    body = event("checkout.session.completed", session_object(invoice))
    payload = json.dumps(body)
    response = client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(payload),
    )
    assert response.status_code == 400
    assert _state(invoice) == UNCHANGED
    assert not StripeEvent.objects.exists()


def test_the_webhook_is_refused_while_card_payment_is_off(client, invoice):
    response = post_event(client, event("checkout.session.completed", session_object(invoice)))
    assert response.status_code == 400
    assert _state(invoice) == UNCHANGED


def test_a_card_payment_after_an_offline_one_is_kept_and_shown_as_owed_back(
    client, invoice, checkout, staff, stripe_on
):
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="CHQ 5", actor=staff
    )
    post_event(client, event("checkout.session.completed", session_object(invoice, amount=35000)))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance_cents) == ("paid", -35000)
    client.force_login(staff)
    assert "More was paid than is owed" in client.get(invoice.get_absolute_url()).text


def test_a_charge_in_another_currency_is_kept_for_staff_not_recorded(
    client, invoice, checkout, stripe_on
):
    obj = session_object(invoice)
    obj["currency"] = "eur"
    response = post_event(client, event("checkout.session.completed", obj))
    assert response.status_code == 200
    assert response.json()["result"].startswith("needs attention")
    assert _state(invoice) == UNCHANGED


def test_unknown_events_are_acknowledged_and_ignored(client, invoice, stripe_on):
    response = post_event(client, event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert (response.status_code, response.json()["result"]) == (200, "ignored")


def test_the_webhook_only_accepts_post(client, stripe_on):
    assert client.get("/payments/stripe/webhook/").status_code == 405


def test_the_return_page_does_not_mark_anything_paid(client, candidate, invoice):
    client.force_login(candidate)
    response = client.get(reverse("payments:paid", args=[invoice.code]), follow=True)
    assert "confirming your payment" in response.text
    assert "What happens next: once your application is accepted and this is paid" in response.text
    assert Invoice.objects.get().status == "open"


# --- Events about checkout sessions Certify did not open ---------------------------------------


@pytest.mark.parametrize(
    "about_another_session",
    [
        lambda inv: event("checkout.session.completed", session_object(inv, session_id="cs_x")),
        lambda inv: event(
            "checkout.session.async_payment_succeeded", session_object(inv, session_id="cs_x")
        ),
        lambda inv: event("payment_intent.succeeded", intent_object(inv, reference="ref_other")),
        lambda inv: event(
            "payment_intent.succeeded",
            {k: v for k, v in intent_object(inv).items() if k != "metadata"}
            | {"metadata": {"invoice_id": str(inv.pk), "invoice_code": inv.code}},
        ),
        lambda inv: event("checkout.session.expired", session_object(inv, session_id="cs_x")),
    ],
    ids=["completed", "async_succeeded", "intent_other_ref", "intent_no_ref", "expired"],
)
def test_a_signed_event_for_a_session_certify_did_not_open_is_logged_and_ignored(
    client, invoice, checkout, stripe_on, about_another_session, caplog
):
    """Correctly signed, naming our invoice in its metadata, but about a checkout session that
    Certify never opened (say, another system on the same Stripe account): 200, nothing paid."""
    body = about_another_session(invoice)
    response = post_event(client, body)
    assert response.status_code == 200
    assert response.json()["result"] == "ignored: a checkout session Certify did not open"
    assert _state(invoice) == UNCHANGED
    assert CheckoutSession.objects.get().status == "open"
    stored = StripeEvent.objects.get()  # kept, so a repeat is recognised and staff can see it
    assert (stored.event_id, stored.result) == (body["id"], response.json()["result"])
    assert "did not open: ignored" in caplog.text


def test_an_intent_event_for_a_session_certify_opened_is_matched_by_its_reference(
    client, invoice, stripe_on
):
    checkout_open(invoice, session_id="cs_test_b2", reference="ref_b2")
    response = post_event(client, event("payment_intent.succeeded", intent_object(invoice)))
    assert response.json()["result"] == "ignored: a checkout session Certify did not open"
    response = post_event(
        client, event("payment_intent.succeeded", intent_object(invoice, reference="ref_b2"))
    )
    assert response.json()["result"].endswith("recorded")
    assert _state(invoice) == ("paid", 35000, 1)


# --- Opening a session: Stripe is asked outside the transaction, never twice --------------------


@pytest.mark.django_db(transaction=True)
def test_stripe_is_asked_with_no_transaction_or_lock_open(candidate, invoice, stripe_on):
    from django.db import connection

    from certify.payments.services import checkout_session_create

    seen = []
    fake = FakeCheckout(during=lambda params: seen.append(connection.in_atomic_block))
    with mock.patch("stripe.checkout.Session.create", side_effect=fake):
        checkout = checkout_session_create(
            invoice=invoice, actor=candidate, success_url="https://x/ok", cancel_url="https://x/no"
        )
    assert seen == [False]
    assert checkout.stripe_session_id == "cs_test_1"
    assert CheckoutSession.objects.get().reference == fake.calls[0]["metadata"]["certify_checkout"]


def test_a_retry_after_a_lost_answer_gets_the_session_stripe_opened_not_a_second(
    client, candidate, invoice, stripe_on
):
    """Stripe opened the session but its answer was lost: nothing is recorded, and the payer's
    retry sends the same request under the same key, so Stripe hands back that session."""
    client.force_login(candidate)
    fake = FakeCheckout(lose_answers=1)
    with mock.patch("stripe.checkout.Session.create", side_effect=fake):
        failed = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
        assert "could not start the card payment" in failed.text
        assert not CheckoutSession.objects.exists()
        retried = client.post(reverse("payments:pay", args=[invoice.code]))
    assert retried.url == "https://checkout.stripe.com/c/pay/cs_test_1"
    assert len(fake.calls) == 2
    assert len(fake.by_key) == 1  # one session at Stripe
    assert CheckoutSession.objects.get().stripe_session_id == "cs_test_1"
    assert _state(invoice) == UNCHANGED


def test_a_payment_recorded_while_stripe_answers_is_not_overtaken_by_the_session(
    candidate, invoice, staff, stripe_on
):
    """A check for the whole fee is recorded while Stripe is opening the session: the session
    is not kept or handed out, and the payer is told."""
    from certify.core.errors import DomainError
    from certify.payments.services import checkout_session_create

    def check_arrives(params):
        payment_record(
            invoice=invoice, amount=Money(35000), method="cheque", reference="C1", actor=staff
        )

    with (
        mock.patch(
            "stripe.checkout.Session.create", side_effect=FakeCheckout(during=check_arrives)
        ),
        pytest.raises(DomainError, match="nothing left to pay"),
    ):
        checkout_session_create(
            invoice=invoice,
            actor=candidate,
            success_url="https://x/ok",
            cancel_url="https://x/n",
        )
    assert not CheckoutSession.objects.exists()
    assert _state(invoice) == ("paid", 35000, 1)


def test_a_retry_that_differs_from_the_lost_request_is_a_new_request_not_a_refusal(
    candidate, invoice, stripe_on
):
    """Stripe refuses one key for two different requests: a retry from another address of the
    site (other return addresses) is asked under its own key, and only it is handed out."""
    from certify.core.errors import DomainError
    from certify.payments.services import checkout_session_create

    def start(site):
        return checkout_session_create(
            invoice=invoice, actor=candidate, success_url=f"{site}/ok", cancel_url=site
        )

    fake = FakeCheckout(lose_answers=1)
    with mock.patch("stripe.checkout.Session.create", side_effect=fake):
        with pytest.raises(DomainError, match="could not start the card payment"):
            start("https://certify.example.org")
        checkout = start("https://www.certify.example.org")
    assert checkout.stripe_session_id == "cs_test_2"
    assert len({call["idempotency_key"] for call in fake.calls}) == 2
    assert list(CheckoutSession.objects.values_list("stripe_session_id", flat=True)) == [
        "cs_test_2"
    ]
