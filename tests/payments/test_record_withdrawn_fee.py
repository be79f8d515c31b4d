"""Staff recording a check (or another offline payment) for the enrollment fee of an application
its candidate withdrew are warned first, in words that name the withdrawn application, and the
payment is recorded only once they confirm: a candidate may apply again and the same invoice
stands for the new application, so it is a warning, not a refusal (ADR 0052). The rule is the
one that tells staff of a card payment (`payments.concerns`), in words for staff about to
record. A fee for an application going on asks nothing."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from certify.applications.models import Application, ApplicationTransition
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.payments.models import Payment
from certify.payments.services import payment_record
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

WORDS = (
    "Invoice {} is the enrollment fee of Dana Okafor's application to LSSCP, which they "
    "withdrew on November 20, 2026, and they have no other application to the program. Record "
    "a payment only if they are applying again (the same invoice stands for a new application); "
    "otherwise return it to the payer."
)
CONFIRM = "Confirm that you record it all the same, or record nothing."


@pytest.fixture
def withdrawn(invoice):
    invoice.user.full_name = "Dana Okafor"
    invoice.user.save(update_fields=["full_name"])
    application = ApplicationFactory(
        candidate=invoice.user, program=invoice.program, status=Application.Status.WITHDRAWN
    )
    move = ApplicationTransition.objects.create(
        application=application, from_status="submitted", to_status="withdrawn"
    )
    at = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # November 20 in every US time zone
    ApplicationTransition.objects.filter(pk=move.pk).update(created_at=at)
    return application


def _check(invoice, staff, **more):
    return payment_record(
        invoice=invoice,
        amount=Money(invoice.balance_cents, invoice.currency),
        method=Payment.Method.CHEQUE,
        reference="Check 31",
        actor=staff,
        **more,
    )


def _form(invoice, **more):
    return {
        "method": "cheque",
        "amount": "350",
        "reference": "Check 31",
        "received_on": invoice.issued_on.isoformat(),
        **more,
    }


def test_the_service_records_it_only_once_staff_confirm(invoice, withdrawn, staff):
    words = WORDS.format(invoice.code)
    with pytest.raises(DomainError) as refused:
        _check(invoice, staff)
    assert (refused.value.message, refused.value.field) == (f"{words} {CONFIRM}", "record_anyway")
    assert not Payment.objects.filter(invoice=invoice).exists()
    payment = _check(invoice, staff, record_anyway=True)
    invoice.refresh_from_db()
    assert (payment.amount_cents, invoice.status) == (35000, "paid")
    # The audit trail keeps what the staff member confirmed they recorded it despite.
    assert AuditEvent.objects.get(verb="payment.recorded").reason == words


def test_the_staff_page_warns_before_the_form_and_records_once_ticked(
    client, invoice, withdrawn, staff
):
    words = WORDS.format(invoice.code)
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).content.decode()
    assert f"<strong>Before you record a payment:</strong> {words}".replace("'", "&#x27;") in page
    assert 'name="record_anyway"' in page
    url = reverse("payments:payment_record", args=[invoice.code])
    refused = client.post(url, _form(invoice))
    assert refused.status_code == 400
    assert f"{words} {CONFIRM}".replace("'", "&#x27;") in refused.content.decode()
    assert 'value="Check 31"' in refused.content.decode()  # the form keeps what was typed
    assert not Payment.objects.filter(invoice=invoice).exists()
    done = client.post(url, _form(invoice, record_anyway="on"), follow=True)
    assert f"Payment of $350.00 recorded on {invoice.code}." in done.content.decode()
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_the_api_asks_for_record_anyway(client, invoice, withdrawn, staff):
    client.force_login(staff)
    url = f"/api/v1/staff/payments/invoices/{invoice.code}/payments"
    body = {"method": "cheque", "amount_cents": 35000, "reference": "Check 31"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    problem = refused.json()
    assert (problem["detail"], problem["field"]) == (
        f"{WORDS.format(invoice.code)} {CONFIRM}",
        "record_anyway",
    )
    assert not Payment.objects.filter(invoice=invoice).exists()
    done = client.post(url, {**body, "record_anyway": True}, content_type="application/json")
    assert done.status_code == 201
    assert done.json()["amount_cents"] == 35000


@pytest.mark.parametrize("statuses", [[], ["submitted"], ["withdrawn", "submitted"]])
def test_a_fee_for_an_application_going_on_asks_nothing(client, invoice, staff, statuses):
    for status in statuses:  # made in this order: the last is the latest
        ApplicationFactory(candidate=invoice.user, program=invoice.program, status=status)
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).content.decode()
    assert "Before you record a payment" not in page
    assert 'name="record_anyway"' not in page
    assert (
        client.post(
            reverse("payments:payment_record", args=[invoice.code]), _form(invoice)
        ).status_code
        == 302
    )
    assert Payment.objects.filter(invoice=invoice).count() == 1
