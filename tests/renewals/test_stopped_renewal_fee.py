"""The renewal of a certificate staff stop while its fee is still to be paid (ADR 0014).

Staff cannot record a check for it while the certificate is suspended (page and API), and can
once it is reinstated. A revocation closes it in the same transaction: the unpaid invoice is
voided (a credit note), the renewal refused by the `close` move with the reason, the holder told
once; a renewal already paid keeps its path. Either stop asks Stripe, after commit, to expire the
invoice's open checkout sessions."""

from datetime import timedelta
from unittest import mock

import pytest
import stripe
from django.urls import reverse
from django.utils import timezone

from certify.certificates.services import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from certify.core.errors import DomainError
from certify.core.models import AuditEvent, Event
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.jobs import expire_due_checkouts
from certify.payments.models import CheckoutSession, CreditNote, Invoice, Payment, Refund
from certify.payments.services import invoice_add_credit, invoice_refund, payment_record
from certify.payments.services.expiries import checkout_expiries_due_send
from certify.renewals.models import Renewal, RenewalTransition
from certify.renewals.services import renewal_certificate_stopped, renewal_sync
from tests.payments.conftest import card_paid, checkout_open
from tests.renewals.conftest import certificate_per_module
from tests.renewals.steps import pay
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
    with pytest.raises(DomainError, match="which was revoked"):
        _check(renewal.invoice, staff_user)  # a second check: "Return the payment to the payer."
    assert renewal_sync(renewal=renewal).status == Renewal.Status.IN_AUDIT


def test_a_revocation_closes_a_renewal_partly_paid_and_the_paid_part_is_refund_pending(
    client, certificate, today, staff_user
):
    """A check paid part of the fee and a scholarship credit another part: the renewal is closed
    all the same, the rest of the fee voided (a credit note for it), the check's money held on
    the void invoice for staff to refund, the holder told once what will be refunded."""
    renewal = _submitted(certificate, today)
    invoice = renewal.invoice
    total = invoice.total_cents
    invoice_add_credit(
        invoice=invoice,
        amount=Money(2000),
        description="Renewal scholarship",
        source="award:9",
        actor=None,
    )
    payment_record(
        invoice=invoice, amount=Money(5000), method="cheque", reference="C 12", actor=staff_user
    )
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")

    renewal.refresh_from_db()
    invoice.refresh_from_db()
    refund_words = (
        "The $50.00 already paid on it will be refunded to whoever paid it, the way it was paid."
    )
    reason = f"{REVOKED_REASON.format(certificate.number)} {refund_words}"
    assert (renewal.status, renewal.status_reason, renewal.decided_by) == (
        Renewal.Status.REFUSED,
        reason,
        staff_user,
    )
    assert invoice.status == Invoice.Status.VOID
    assert (invoice.refund_pending_cents, invoice.amount_due.cents) == (5000, 0)
    note = CreditNote.objects.get(invoice=invoice)
    assert (note.amount_cents, note.reason, note.created_by) == (
        total - 2000 - 5000,  # what was still owed: the credit and the check aside
        reason,
        staff_user,
    )
    held = AuditEvent.objects.get(verb="payment.refund_pending")
    assert (held.actor, held.reason, held.data["held_cents"]) == (staff_user, reason, 5000)
    told = Notification.objects.filter(recipient=certificate.holder, event="renewal.decided")
    assert [n.dedupe_key for n in told] == [f"renewal.closed:{renewal.pk}"]
    words = "its invoice was voided, and the $50.00 already paid on it will be refunded"
    assert words in told.get().body

    # Staff find it among the invoices with money to refund (their home's card opens that list).
    client.force_login(staff_user)
    listed = client.get(reverse("payments:staff_invoices") + "?status=refund_pending")
    assert invoice.code in listed.text
    page = client.get(invoice.get_absolute_url()).text
    assert "Refund pending: $50.00 paid on this invoice is not owed" in page
    assert (
        "(the $50.00 paid before the void is not canceled: it is held on this invoice until "
        "program "
        "staff refund it)"
    ) in page

    # Told once; no more money is taken; staff refund the check and the invoice stays void.
    renewal_certificate_stopped(certificate=renewal.certificate, actor=staff_user)
    assert told.count() == 1
    with pytest.raises(DomainError, match="is void: nothing is left to pay"):
        _check(invoice, staff_user)
    refund = invoice_refund(
        invoice=invoice, reason="Check returned.", actor=staff_user, amount=Money(5000)
    )[0]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == (Invoice.Status.VOID, 0)
    assert refund.status == Refund.Status.SENT  # a check: staff give it back themselves


def test_a_card_payment_reaching_the_closed_renewal_is_refund_pending_and_refunded_by_staff(
    certificate, today, staff_user
):
    """A payment from a tab Stripe had not yet closed: recorded on the void invoice, staff are
    pointed to it (the audit trail says to refund it), and their refund goes to the card."""
    renewal = _submitted(certificate, today)
    invoice = renewal.invoice
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    payment = card_paid(invoice, cents=invoice.total_cents)
    assert (invoice.status, invoice.refund_pending_cents) == (
        Invoice.Status.VOID,
        payment.amount_cents,
    )
    overpaid = AuditEvent.objects.get(verb="payment.overpaid")
    assert overpaid.reason == "A card payment arrived after the invoice was voided: refund it."
    refunds = invoice_refund(
        invoice=invoice, reason="Renewal closed.", actor=staff_user, amount=payment.amount
    )
    assert refunds[0].status == Refund.Status.PENDING  # on its way to the card (ADR 0052)


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


def _session_ending_in_an_hour(invoice):
    session = checkout_open(invoice)
    session.expires_at = timezone.now() + timedelta(minutes=60)
    session.save(update_fields=["expires_at"])
    return session


def test_a_stripe_outage_does_not_leave_the_session_open_it_is_tried_again(
    settings, certificate, today, staff_user, django_capture_on_commit_callbacks
):
    """Stripe unreachable when the revocation commits: the session stays marked and the task
    tries again after a wait (the frequent job runs it when the backend cannot defer)."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    renewal = _submitted(certificate, today)
    session = _session_ending_in_an_hour(renewal.invoice)
    outage = stripe.APIConnectionError("Stripe could not be reached.")
    with mock.patch("stripe.checkout.Session.expire", side_effect=[outage, None]) as expire:
        with django_capture_on_commit_callbacks(execute=True):
            certificate_revoke(certificate=certificate, actor=staff_user, reason="Forged.")
        session.refresh_from_db()
        assert (session.status, session.attempts) == (CheckoutSession.Status.OPEN, 1)
        assert session.next_attempt_at is not None
        assert session.claimed_at is None
        assert checkout_expiries_due_send() == 0  # not due yet
        later = session.next_attempt_at + timedelta(seconds=1)
        assert checkout_expiries_due_send(now=later) == 1
    assert expire.call_count == 2
    session.refresh_from_db()
    assert (session.status, session.next_attempt_at) == (CheckoutSession.Status.EXPIRED, None)


def test_a_lost_expiry_task_is_run_by_the_frequent_job(
    settings, certificate, today, staff_user, django_capture_on_commit_callbacks
):
    """The revocation commits but its task is never enqueued (the worker's queue was down): the
    session was marked in the revocation's transaction, so the frequent job expires it."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    renewal = _submitted(certificate, today)
    session = _session_ending_in_an_hour(renewal.invoice)
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost
        certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    with mock.patch("stripe.checkout.Session.expire") as expire:
        assert expire_due_checkouts(timezone.now()) == "1 card checkout(s) tried"
        assert expire_due_checkouts(timezone.now()) == "0 card checkout(s) tried"
    expire.assert_called_once_with(session.stripe_session_id, api_key="sk_test_not_a_real_key")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED


def test_retries_stop_when_the_session_would_end_by_itself_first(
    settings, certificate, today, staff_user, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    renewal = _submitted(certificate, today)
    session = checkout_open(renewal.invoice)
    session.expires_at = timezone.now() + timedelta(seconds=10)
    session.save(update_fields=["expires_at"])
    outage = stripe.APIConnectionError("Stripe could not be reached.")
    with (
        mock.patch("stripe.checkout.Session.expire", side_effect=outage),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate_revoke(certificate=certificate, actor=staff_user, reason="Forged.")
    session.refresh_from_db()
    assert (session.status, session.next_attempt_at) == (CheckoutSession.Status.OPEN, None)


def test_a_card_payment_for_a_suspended_certificates_renewal_tells_staff_once(
    certificate, today, staff_user
):
    """A tab opened before the suspension pays the fee: the renewal waits in the evidence
    checks, and staff hear of the money at once rather than when they open the queue."""
    renewal = _submitted(certificate, today)
    invoice = renewal.invoice
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    card_paid(invoice, intent="pi_suspended")
    assert invoice.status == Invoice.Status.PAID
    notice = Notification.objects.get(event="payment.to_check", recipient=staff_user)
    assert (
        f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, which "
        "is suspended: the renewal waits in the evidence checks and cannot be approved until the "
        "certificate is reinstated. Keep the payment until then, or refund it."
    ) in notice.body
    card_paid(invoice, intent="pi_suspended")  # the same payment again
    assert Notification.objects.filter(event="payment.to_check").count() == 1
