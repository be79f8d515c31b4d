"""A course renewal's fee while program staff have the course's approval suspended (ADR 0009):
the provider cannot pay it by card (the invoice page says why instead of how to pay, and the
checkout refuses it before Stripe is asked), staff cannot record a check for it (page and API,
in their words), the suspension expires its open card checkouts after commit, and a card
payment already under way is recorded and staff are told once. Reinstated, it is paid as
usual, and a revocation refunds what was paid, as before."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.courses import services
from certify.notifications.models import Notification
from certify.payments.models import CheckoutSession, Invoice, Payment
from certify.payments.services import checkout_session_create, payment_record
from certify.programs.api import program_today
from tests.courses.test_renewal_fees import REASON, _fee, _renewal
from tests.payments.conftest import WEBHOOK_SECRET, card_paid, checkout_open

PAYER_WORDS = (
    "We cannot take the renewal fee of “Library Desk” now: program staff suspended its "
    "approval. Nothing was charged. If they reinstate it, you can pay this invoice then."
)
STAFF_WORDS = (
    "Invoice {} is the renewal fee of “Library Desk” (Northside Community College), and program "
    "staff suspended its approval: its fee is not taken now. Keep the payment and record it "
    "once it is reinstated, or return it to the payer."
)
CONCERN_WORDS = (
    "Invoice {} is the renewal fee of “Library Desk” (Northside Community College), and program "
    "staff suspended its approval, so the course is not decided now. Reinstated, the payment "
    "serves it; revoked, it is refunded then. Keep the payment until then, or refund it."
)


@pytest.fixture
def suspended(provider, provider_user, ct, staff, settings, lsscp):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    lsscp.accepts_card = True
    lsscp.save(update_fields=["accepts_card"])
    course = _renewal(provider, provider_user, ct)
    return services.course_approval_suspend(course=course, actor=staff, reason=REASON)


def _check(invoice, staff):
    return payment_record(
        invoice=invoice,
        amount=Money(invoice.balance_cents, invoice.currency),
        method=Payment.Method.CHEQUE,
        reference="Check 7",
        actor=staff,
    )


def test_the_provider_cannot_pay_the_renewal_fee_of_a_suspended_course(
    client, suspended, provider_user
):
    invoice = _fee(suspended)
    before = Invoice.objects.filter(pk=invoice.pk).values().get()
    client.force_login(provider_user)
    page = client.get(invoice.get_absolute_url()).text
    assert PAYER_WORDS in page  # instead of how to pay
    assert "by card</button>" not in page
    assert "Pay by check" not in page
    with mock.patch("stripe.checkout.Session.create") as stripe_asked:
        answer = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
        with pytest.raises(DomainError) as refused:
            checkout_session_create(
                invoice=invoice,
                actor=provider_user,
                success_url="https://certify.test/paid/",
                cancel_url="https://certify.test/back/",
            )
    assert PAYER_WORDS in answer.text
    assert refused.value.message == PAYER_WORDS
    stripe_asked.assert_not_called()
    assert Invoice.objects.filter(pk=invoice.pk).values().get() == before
    assert not CheckoutSession.objects.filter(invoice=invoice).exists()


def test_staff_cannot_record_a_check_for_it_until_the_approval_is_reinstated(
    client, suspended, staff
):
    invoice = _fee(suspended)
    words = STAFF_WORDS.format(invoice.code)
    with pytest.raises(DomainError) as refused:
        _check(invoice, staff)
    assert refused.value.message == words
    client.force_login(staff)
    form = {"method": "cheque", "amount": "100", "reference": "Check 7"}
    form["received_on"] = program_today(invoice.program).isoformat()
    page = client.post(reverse("payments:payment_record", args=[invoice.code]), form)
    assert page.status_code == 400
    assert words in page.text
    assert 'value="Check 7"' in page.text  # the form keeps what was typed
    api = client.post(
        f"/api/v1/staff/payments/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": invoice.balance_cents, "reference": "Check 7"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["detail"] == words
    assert not Payment.objects.filter(invoice=invoice).exists()

    services.course_approval_reinstate(course=suspended, actor=staff, reason="Cleared.")
    _check(invoice, staff)
    assert _fee(suspended).status == Invoice.Status.PAID


def test_reinstated_the_provider_pays_it_as_usual(client, suspended, staff, provider_user):
    services.course_approval_reinstate(course=suspended, actor=staff, reason="Cleared.")
    invoice = _fee(suspended)
    client.force_login(provider_user)
    page = client.get(invoice.get_absolute_url()).text
    assert "We cannot take the renewal fee" not in page
    assert "by card</button>" in page
    session = mock.Mock(id="cs_test_r1", url="https://checkout.stripe.com/c/pay/cs_test_r1")
    with mock.patch("stripe.checkout.Session.create", return_value=session):
        answer = client.post(reverse("payments:pay", args=[invoice.code]))
    assert answer.url == session.url


@pytest.mark.parametrize("who", ["course", "provider"])
def test_suspending_expires_the_open_checkout_after_commit(
    settings,
    provider,
    provider_user,
    ct,
    staff,
    django_capture_on_commit_callbacks,
    who,
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    course = _renewal(provider, provider_user, ct)
    session = checkout_open(_fee(course))
    with mock.patch("stripe.checkout.Session.expire") as expire:
        with django_capture_on_commit_callbacks(execute=False) as after_commit:
            if who == "course":
                services.course_approval_suspend(course=course, actor=staff, reason=REASON)
            else:
                services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
        expire.assert_not_called()  # not while the transaction is open
        for callback in after_commit:
            callback()
    expire.assert_called_once_with(session.stripe_session_id, api_key="sk_test_not_a_real_key")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED


def test_the_provider_reads_that_the_fee_waits_with_the_approval(
    provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    course = _renewal(provider, provider_user, ct)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert (
        f"invoice {_fee(course).code} stays as it is, and it cannot be paid while the approval "
        "is suspended."
    ) in " ".join(sent.body.split())


def test_a_card_payment_already_under_way_is_recorded_and_staff_are_told_once(suspended, staff):
    """A tab opened before the suspension pays the fee: the money is kept on the invoice (it
    serves the renewal sent again, or is refunded by a revocation), and staff hear of it."""
    invoice = _fee(suspended)
    card_paid(invoice, intent="pi_suspended")
    assert invoice.status == Invoice.Status.PAID
    words = CONCERN_WORDS.format(invoice.code)
    notice = Notification.objects.get(event="payment.to_check", recipient=staff)
    assert words in " ".join(notice.body.split())
    assert AuditEvent.objects.get(verb="payment.to_check").reason == words
    card_paid(invoice, intent="pi_suspended")  # the same payment again: nobody told twice
    assert Notification.objects.filter(event="payment.to_check").count() == 1

    services.course_approval_revoke(course=suspended, actor=staff, reason=REASON)
    assert _fee(suspended).status == Invoice.Status.REFUNDED
