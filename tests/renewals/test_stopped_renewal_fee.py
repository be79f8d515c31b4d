"""The renewal of a certificate staff stop while its fee is still to be paid (ADR 0014).

Staff cannot record a check for it while the certificate is suspended (page and API), and can
once it is reinstated. A revocation closes it in the same transaction: the unpaid invoice is
voided (a credit note), the renewal refused by the `close` move with the reason, the holder told
once; a renewal already paid keeps its path. Either stop asks Stripe, after commit, to expire the
invoice's open checkout sessions."""

from unittest import mock

import pytest
import stripe
from django.urls import reverse

from certify.certificates.services import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from certify.core.errors import DomainError
from certify.core.models import Event
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.models import CheckoutSession, CreditNote, Invoice, Payment
from certify.payments.services import payment_record
from certify.renewals.models import Renewal, RenewalTransition
from certify.renewals.services import renewal_certificate_stopped, renewal_sync
from tests.payments.conftest import checkout_open
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_services import pay
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()

SUSPENDED_WORDS = "which is suspended: a suspended certificate cannot be renewed"
REVOKED_REASON = (
    "Certificate {} was revoked, and a revoked certificate cannot be renewed: this renewal is "
    "closed and its fee is no longer owed."
)


def _check(invoice, staff):
    return payment_record(
        invoice=invoice,
        amount=Money(invoice.total_cents, invoice.currency),
        method="cheque",
        reference="Check 7",
        actor=staff,
    )


def test_staff_cannot_record_a_check_for_a_suspended_certificates_renewal_until_reinstated(
    client, certificate, today, staff_user
):
    renewal = _submitted(certificate, today)
    invoice = renewal.invoice
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    with pytest.raises(DomainError, match=SUSPENDED_WORDS) as refused:
        _check(invoice, staff_user)
    assert f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}" in (
        refused.value.message
    )
    assert "record it once the certificate is reinstated" in refused.value.message

    client.force_login(staff_user)
    form = {"method": "cheque", "amount": "150", "reference": "Check 7"}
    form["received_on"] = today.isoformat()
    page = client.post(reverse("payments:payment_record", args=[invoice.code]), form)
    assert page.status_code == 400
    assert SUSPENDED_WORDS in page.text
    assert 'value="Check 7"' in page.text  # the form keeps what was typed
    api = client.post(
        f"/api/v1/staff/payments/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": invoice.balance_cents, "reference": "Check 7"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert SUSPENDED_WORDS in api.text
    assert not Payment.objects.filter(invoice=invoice).exists()
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED  # a suspension does not close it

    certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    _check(invoice, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED


def test_a_revocation_closes_the_renewal_waiting_for_its_fee_and_voids_the_invoice(
    certificate, today, staff_user
):
    renewal = _submitted(certificate, today)
    invoice = renewal.invoice
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    reason = REVOKED_REASON.format(certificate.number)

    renewal.refresh_from_db()
    invoice.refresh_from_db()
    assert (renewal.status, renewal.status_reason) == (Renewal.Status.REFUSED, reason)
    assert renewal.decided_by == staff_user
    move = RenewalTransition.objects.filter(renewal=renewal).latest("id")
    assert (move.to_status, move.actor, move.reason) == ("refused", staff_user, reason)
    assert Event.objects.filter(name="renewal.refused").count() == 1
    assert invoice.status == Invoice.Status.VOID
    note = CreditNote.objects.get(invoice=invoice)
    assert (note.amount_cents, note.reason) == (invoice.total_cents, reason)
    told = Notification.objects.filter(recipient=certificate.holder, event="renewal.decided")
    assert [n.dedupe_key for n in told] == [f"renewal.closed:{renewal.pk}"]

    # Told once: the same call again changes nothing and tells nobody.
    renewal_certificate_stopped(certificate=renewal.certificate, actor=staff_user)
    assert told.count() == 1
    with pytest.raises(DomainError, match="is void: nothing is left to pay"):
        _check(invoice, staff_user)


def test_a_suspension_leaves_the_renewal_and_its_invoice_open(certificate, today, staff_user):
    renewal = _submitted(certificate, today)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    renewal.refresh_from_db()
    renewal.invoice.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED
    assert renewal.invoice.status == Invoice.Status.OPEN
    assert not CreditNote.objects.exists()
    assert not Notification.objects.filter(event="renewal.decided").exists()


def test_a_renewal_paid_before_the_revocation_keeps_its_path(certificate, today, staff_user):
    """Paid, and the payment's event not yet handled: the invoice stays paid, the renewal goes to
    staff (who refuse it and refund)."""
    renewal = _submitted(certificate, today)
    pay(renewal, staff_user)
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    renewal.refresh_from_db()
    renewal.invoice.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED
    assert renewal.invoice.status == Invoice.Status.PAID
    assert not CreditNote.objects.exists()
    assert renewal_sync(renewal=renewal).status == Renewal.Status.IN_AUDIT


def test_a_renewal_partly_paid_is_not_voided(certificate, today, staff_user):
    renewal = _submitted(certificate, today)
    payment_record(
        invoice=renewal.invoice, amount=Money(100), method="cheque", reference="C", actor=staff_user
    )
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    renewal.refresh_from_db()
    renewal.invoice.refresh_from_db()
    assert renewal.invoice.status == Invoice.Status.OPEN
    assert renewal.status == Renewal.Status.SUBMITTED
    with pytest.raises(DomainError, match="which was revoked"):
        _check(renewal.invoice, staff_user)


@pytest.mark.parametrize("stop", [certificate_suspend, certificate_revoke])
def test_stopping_the_certificate_expires_the_open_checkout_after_commit(
    settings, certificate, today, staff_user, django_capture_on_commit_callbacks, stop
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    renewal = _submitted(certificate, today)
    session = checkout_open(renewal.invoice)
    with mock.patch("stripe.checkout.Session.expire") as expire:
        with django_capture_on_commit_callbacks(execute=False) as after_commit:
            stop(certificate=certificate, actor=staff_user, reason="Checked by staff.")
        expire.assert_not_called()  # not while the transaction is open
        for callback in after_commit:
            callback()
    expire.assert_called_once_with(session.stripe_session_id, api_key="sk_test_not_a_real_key")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED


def test_a_session_stripe_will_not_expire_is_left_open(
    settings, certificate, today, staff_user, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    renewal = _submitted(certificate, today)
    session = checkout_open(renewal.invoice)
    error = stripe.InvalidRequestError("Only open sessions can be expired.", param=None)
    with (
        mock.patch("stripe.checkout.Session.expire", side_effect=error),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate_revoke(certificate=certificate, actor=staff_user, reason="Forged.")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.OPEN
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.REFUSED
