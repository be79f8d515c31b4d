"""A renewal submitted in time but not paid cannot be paid once the certificate has lapsed
(ADR 0014): from the first second after the last day to renew, in the program's zone, the
holder's renewal page and invoice page say why instead of how to pay, the card checkout refuses
it with nothing written, and staff recording a check are refused. On the last day it is paid
and approved as before. A card payment under way as it lapsed sends the renewal to staff, who
are told; staff reinstating the certificate make the fee payable again."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from certify.certificates import dates
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.api import pay_refusal
from certify.payments.models import CheckoutSession, Invoice, Payment
from certify.payments.services import checkout_session_create, payment_record
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import certificate_reinstate_lapsed, renewal_sync
from tests.payments.conftest import WEBHOOK_SECRET, card_paid
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()

SECOND = timedelta(seconds=1)
ZONES = ["Pacific/Auckland", "Pacific/Honolulu"]


@pytest.fixture
def lapsing(settings, certificate, today, request):
    """The certificate in the program's zone `request.param`, its renewal submitted today (in
    the window) and unpaid, and the last second of its last day to renew."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    program = certificate.program
    program.time_zone = request.param
    program.contact_email = "renewals@lsscp.example.org"
    program.accepts_card = True
    program.save(update_fields=["time_zone", "contact_email", "accepts_card"])
    renewal = _submitted(certificate, today)
    cycle = certificate_lifecycle(certificate=certificate)
    return renewal, dates.valid_until(cycle.grace_ends_on, program), cycle.lapses_on


def _holder_words(certificate, lapses_on):
    return (
        f"Your certificate {certificate.number} lapsed on {lapses_on:%B} {lapses_on.day}, "
        f"{lapses_on.year}; the renewal can no longer be paid. Program staff can reinstate it: "
        "write to them at renewals@lsscp.example.org, and once they have, you can pay it here. "
        "Nothing was charged."
    )


def _check(invoice, staff):
    return payment_record(
        invoice=invoice,
        amount=Money(invoice.balance_cents, invoice.currency),
        method="cheque",
        reference="Check 7",
        actor=staff,
    )


def _checkout(invoice, holder):
    return checkout_session_create(
        invoice=invoice,
        actor=holder,
        success_url="https://certify.test/paid/",
        cancel_url="https://certify.test/back/",
    )


@pytest.mark.parametrize("lapsing", ZONES, indirect=True)
def test_on_the_last_day_to_renew_the_fee_is_paid_and_the_renewal_approved(
    client, certificate, staff_user, lapsing
):
    renewal, last_second, _ = lapsing
    with time_machine.travel(last_second, tick=False):
        assert pay_refusal(renewal.invoice) is None
        client.force_login(certificate.holder)
        assert "Pay the renewal fee" in client.get(reverse("renewals:home")).text
        _check(renewal.invoice, staff_user)
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED


@pytest.mark.parametrize("lapsing", ZONES, indirect=True)
def test_the_day_after_the_fee_is_refused_to_the_holder_the_card_and_staff(
    client, certificate, staff_user, lapsing
):
    renewal, last_second, lapses_on = lapsing
    invoice = renewal.invoice
    words = _holder_words(certificate, lapses_on)
    before = Invoice.objects.filter(pk=invoice.pk).values().get()
    with time_machine.travel(last_second + SECOND, tick=False):
        client.force_login(certificate.holder)
        page = client.get(reverse("renewals:home")).text
        assert words in page
        assert "Pay the renewal fee" not in page
        assert invoice.get_absolute_url() not in page
        assert words in client.get(invoice.get_absolute_url()).text
        with (
            mock.patch("stripe.checkout.Session.create") as stripe_asked,
            pytest.raises(DomainError) as refused,
        ):
            _checkout(invoice, certificate.holder)
        assert refused.value.message == words
        stripe_asked.assert_not_called()
        with pytest.raises(DomainError) as staff_refused:
            _check(invoice, staff_user)
        assert staff_refused.value.message == (
            f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, "
            f"which lapsed on {lapses_on:%B} {lapses_on.day}, {lapses_on.year}: a lapsed "
            "certificate is not renewed without staff, so its fee is not taken. Reinstate the "
            "certificate first (with a new last day to renew) and record the payment then, or "
            "return it to the payer."
        )
        client.force_login(staff_user)
        api = client.post(
            f"/api/v1/staff/payments/invoices/{invoice.code}/payments",
            {"method": "cheque", "amount_cents": invoice.balance_cents, "reference": "Check 7"},
            content_type="application/json",
        )
        assert api.status_code == 400
        assert "a lapsed certificate is not renewed without staff" in api.text
    assert Invoice.objects.filter(pk=invoice.pk).values().get() == before
    assert not Payment.objects.filter(invoice=invoice).exists()
    assert not CheckoutSession.objects.filter(invoice=invoice).exists()
    assert not AuditEvent.objects.filter(verb="payment.checkout_started").exists()
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED


@pytest.mark.parametrize("lapsing", ZONES[:1], indirect=True)
def test_a_card_payment_arriving_after_the_lapse_goes_to_staff_not_approval(
    certificate, staff_user, lapsing
):
    renewal, last_second, lapses_on = lapsing
    with time_machine.travel(last_second + SECOND, tick=False):
        card_paid(renewal.invoice, intent="pi_late")
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    assert renewal.new_certificate is None
    notice = Notification.objects.get(event="payment.to_check", recipient=staff_user)
    assert (
        f"Invoice {renewal.invoice.code} is the renewal fee of certificate {certificate.number}, "
        f"which lapsed on {lapses_on:%B} {lapses_on.day}, {lapses_on.year} before the card "
        "payment arrived"
    ) in notice.body


@pytest.mark.parametrize("lapsing", ZONES[:1], indirect=True)
def test_a_fee_settled_on_the_last_day_is_approved_even_when_handled_after(
    certificate, staff_user, lapsing
):
    """The payment's event handled after midnight (a worker behind): judged by when it was
    paid."""
    renewal, last_second, _ = lapsing
    with time_machine.travel(last_second, tick=False):
        _check(renewal.invoice, staff_user)
    with time_machine.travel(last_second + timedelta(hours=1), tick=False):
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED


@pytest.mark.parametrize("lapsing", ZONES[:1], indirect=True)
def test_staff_reinstating_the_certificate_make_the_fee_payable_again(
    certificate, staff_user, lapsing
):
    renewal, last_second, lapses_on = lapsing
    with time_machine.travel(last_second + SECOND, tick=False):
        assert pay_refusal(renewal.invoice) is not None
        certificate_reinstate_lapsed(
            certificate=certificate,
            actor=staff_user,
            reason="Paid by check on time; posted late.",
            renew_by=lapses_on + timedelta(days=30),
        )
        assert pay_refusal(renewal.invoice) is None
        _check(renewal.invoice, staff_user)
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED
