"""A renewal whose certificate was suspended or revoked after it was submitted renews nothing:
no card payment of its fee is started (the invoice page says why instead of how to pay, and the
checkout refuses it with nothing written); a fee paid all the same (a card payment already under
way) sends it to staff instead (the payment's handler does not fail), and
staff cannot approve it while the certificate is not in force; a reinstated certificate's
renewal goes on."""

from unittest import mock

import pytest
from django.urls import reverse

from certify.certificates.models import Certificate
from certify.certificates.services import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.payments.models import CheckoutSession, Invoice
from certify.payments.services import checkout_session_create
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_submit, renewal_sync
from tests.payments.conftest import WEBHOOK_SECRET, checkout_open, event, post_event
from tests.payments.conftest import session_object as paid_session
from tests.renewals.conftest import certificate_per_module, log
from tests.renewals.steps import pay

program, today, certificate = certificate_per_module()


def _submitted(certificate, today, *, audited: bool = False) -> Renewal:
    if audited:
        certificate.program.renewal_audit_percent = 100
        certificate.program.save(update_fields=["renewal_audit_percent"])
    log(certificate.holder, program=certificate.program, on=today)
    return renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


def test_a_fee_paid_while_the_certificate_is_suspended_sends_the_renewal_to_staff(
    client, certificate, today, staff_user, cards_on
):
    """A card payment begun before the suspension and completed after (Stripe's webhook)."""
    renewal = _submitted(certificate, today)
    checkout_open(renewal.invoice)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    body = event("checkout.session.completed", paid_session(renewal.invoice))
    assert post_event(client, body).status_code == 200
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    assert renewal.new_certificate is None
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED
    assert Certificate.objects.filter(holder=certificate.holder).count() == 1


def test_staff_cannot_approve_the_renewal_of_a_revoked_certificate(certificate, today, staff_user):
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    with pytest.raises(DomainError, match=r"is revoked: it cannot be renewed\. Refuse") as refused:
        renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert certificate.number in refused.value.message
    renewal.refresh_from_db()
    assert (renewal.status, renewal.new_certificate) == (Renewal.Status.IN_AUDIT, None)
    assert Certificate.objects.filter(holder=certificate.holder).count() == 1
    refused_renewal = renewal_decide(
        renewal=renewal, actor=staff_user, action="refuse", reason="The certificate is revoked."
    )
    assert refused_renewal.status == Renewal.Status.REFUSED


def test_a_suspended_certificates_renewal_is_approved_once_it_is_reinstated(
    certificate, today, staff_user
):
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    with pytest.raises(DomainError, match="is suspended: it cannot be renewed"):
        renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate.status == Certificate.Status.VALID


STOPPED = {
    "suspend": (
        certificate_suspend,
        "We cannot take the renewal fee now: your certificate {} is suspended, and a suspended "
        "certificate cannot be renewed. Nothing was charged. You can pay once program staff "
        "reinstate it.",
    ),
    "revoke": (
        certificate_revoke,
        "We cannot take the renewal fee: your certificate {} was revoked, and a revoked "
        "certificate cannot be renewed. Nothing was charged.",
    ),
}


@pytest.fixture
def cards_on(settings, certificate):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    certificate.program.accepts_card = True
    certificate.program.save(update_fields=["accepts_card"])


def _invoice_row(invoice) -> dict:
    return Invoice.objects.filter(pk=invoice.pk).values().get()


@pytest.mark.parametrize("action", ["suspend"])  # a revoked one's renewal is closed at once
def test_no_card_payment_is_started_for_a_stopped_certificates_renewal(
    client, certificate, today, staff_user, cards_on, action
):
    stop, words = STOPPED[action]
    renewal = _submitted(certificate, today)
    stop(certificate=certificate, actor=staff_user, reason="Checked by staff.")
    invoice = renewal.invoice
    before = _invoice_row(invoice)
    why = words.format(certificate.number)

    client.force_login(certificate.holder)
    page = client.get(invoice.get_absolute_url()).text
    assert why in page  # instead of how to pay
    assert "by card" not in page
    assert "Pay by check" not in page
    with mock.patch("stripe.checkout.Session.create") as stripe_asked:
        response = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
        with pytest.raises(DomainError) as refused:
            checkout_session_create(
                invoice=invoice,
                actor=certificate.holder,
                success_url="https://certify.test/paid/",
                cancel_url="https://certify.test/back/",
            )
    assert why in response.text
    assert refused.value.message == why
    stripe_asked.assert_not_called()
    # A failed payment leaves the record as it was.
    assert _invoice_row(invoice) == before
    assert not CheckoutSession.objects.filter(invoice=invoice).exists()
    assert not AuditEvent.objects.filter(verb="payment.checkout_started").exists()
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED


def test_the_renewal_page_says_why_instead_of_the_button_to_pay(
    client, certificate, today, staff_user
):
    renewal = _submitted(certificate, today)
    client.force_login(certificate.holder)
    assert "Pay the renewal fee" in client.get(reverse("renewals:home")).text
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    page = client.get(reverse("renewals:home")).text
    assert STOPPED["suspend"][1].format(certificate.number) in page
    assert "Pay the renewal fee" not in page
    assert renewal.invoice.get_absolute_url() not in page


def test_the_fee_can_be_paid_again_once_the_certificate_is_reinstated(
    client, certificate, today, staff_user, cards_on
):
    renewal = _submitted(certificate, today)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    client.force_login(certificate.holder)
    page = client.get(renewal.invoice.get_absolute_url()).text
    assert "We cannot take the renewal fee" not in page
    assert "by card</button>" in page
    session = mock.Mock(id="cs_test_r1", url="https://checkout.stripe.com/c/pay/cs_test_r1")
    with mock.patch("stripe.checkout.Session.create", return_value=session):
        response = client.post(reverse("payments:pay", args=[renewal.invoice.code]))
    assert response.url == session.url


def test_a_card_payment_already_under_way_reaches_the_void_invoice_for_staff_to_refund(
    client, certificate, today, staff_user, cards_on, django_capture_on_commit_callbacks
):
    """Begun before the revocation, completed after (Stripe could not expire the session): the
    money Stripe took is recorded on the void invoice, for staff to refund (ADR 0041); the
    renewal stays closed and renews nothing (ADR 0014)."""
    renewal = _submitted(certificate, today)
    checkout_open(renewal.invoice)
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    body = event("checkout.session.completed", paid_session(renewal.invoice))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, body).status_code == 200
    renewal.refresh_from_db()
    renewal.invoice.refresh_from_db()
    assert renewal.invoice.status == Invoice.Status.VOID
    assert renewal.invoice.net_paid_cents > 0
    assert (renewal.status, renewal.new_certificate) == (Renewal.Status.REFUSED, None)
