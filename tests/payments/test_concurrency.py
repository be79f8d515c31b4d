"""Nothing lost, nothing twice, when requests arrive at the same moment (PostgreSQL row locks).

Each test runs real threads with their own database connections against committed data.
"""

import json
import threading
import time
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import connection

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.models import CheckoutSession, Invoice, InvoiceCounter, InvoiceLine, Payment
from certify.payments.services import (
    checkout_session_create,
    enrollment_invoice_get_or_create,
    invoice_add_credit,
    invoice_refund,
    payment_record,
    stripe_webhook_receive,
)
from tests.factories import ProgramFactory, UserFactory
from tests.payments.conftest import (
    FEES,
    FakeCheckout,
    checkout_open,
    event,
    intent_object,
    session_object,
    sign,
)

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def at_once(*calls: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """Run the calls in threads released together; collect results and errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.fixture
def setup():
    program = ProgramFactory(short_name="LSSCP", **FEES)
    candidate, staff = UserFactory(), UserFactory(roles=["program_staff"])
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=None)
    return program, candidate, staff, invoice


def _domain_errors_only(errors):
    assert all(isinstance(e, DomainError) for e in errors), errors


def test_two_staff_recording_the_same_cheque_make_one_payment(setup):
    _, _, staff, invoice = setup

    def pay():
        return payment_record(
            invoice=invoice, amount=Money(35000), method="cheque", reference="CHQ 1", actor=staff
        )

    results, errors = at_once(pay, pay, pay, pay)
    _domain_errors_only(errors)
    assert (len(results), len(errors)) == (1, 3)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_cents, Payment.objects.count()) == ("paid", 35000, 1)


def test_the_same_webhook_delivered_at_once_makes_one_payment(setup, stripe_on):
    _, _, _, invoice = setup
    checkout_open(invoice)  # the session Certify opened, which the events are about
    payload = json.dumps(event("checkout.session.completed", session_object(invoice)))

    def deliver():
        return stripe_webhook_receive(payload=payload.encode(), signature=sign(payload))[1]

    results, errors = at_once(*[deliver] * 5)
    assert errors == []
    assert sorted(results) == [False, False, False, False, True]
    assert Payment.objects.count() == 1


def test_different_events_for_one_payment_at_once_make_one_payment(setup, stripe_on):
    _, _, _, invoice = setup
    checkout_open(invoice)  # the session Certify opened, which the events are about
    bodies = [
        event("payment_intent.succeeded", intent_object(invoice)),
        event("checkout.session.completed", session_object(invoice)),
        event("checkout.session.async_payment_succeeded", session_object(invoice)),
    ]

    def deliver(body):
        payload = json.dumps(body)
        return lambda: stripe_webhook_receive(payload=payload.encode(), signature=sign(payload))

    _, errors = at_once(*[deliver(b) for b in bodies])
    assert errors == []
    invoice.refresh_from_db()
    assert (Payment.objects.count(), invoice.paid_cents, invoice.status) == (1, 35000, "paid")


def test_invoices_made_at_once_get_consecutive_numbers(setup):
    program = setup[0]
    users = [UserFactory() for _ in range(6)]
    calls = [
        (lambda u=u: enrollment_invoice_get_or_create(user=u, program=program, actor=None))
        for u in users
    ]
    _, errors = at_once(*calls)
    assert errors == []
    numbers = sorted(Invoice.objects.filter(program=program).values_list("number", flat=True))
    assert numbers == list(range(1, 8))
    assert InvoiceCounter.objects.get(program=program).last_number == 7


def test_a_double_request_for_the_same_invoice_makes_one_and_leaves_no_gap(setup):
    program = setup[0]
    person = UserFactory()

    def ask():
        return enrollment_invoice_get_or_create(user=person, program=program, actor=None).pk

    results, errors = at_once(ask, ask, ask)
    assert errors == []
    assert len(set(results)) == 1
    assert Invoice.objects.filter(user=person).count() == 1
    assert InvoiceCounter.objects.get(program=program).last_number == 2  # 1 + this one


def test_a_double_clicked_pay_button_opens_one_checkout_session(setup, stripe_on):
    """Stripe is asked with no lock held (ADR 0052), so both clicks may ask; they ask under the
    same idempotency key with the same request, and one session is recorded and handed out."""
    _, candidate, _, invoice = setup
    fake = FakeCheckout(during=lambda params: time.sleep(0.2))  # the second click arrives

    def click():
        return checkout_session_create(
            invoice=invoice, actor=candidate, success_url="https://x/ok", cancel_url="https://x/no"
        ).pk

    with mock.patch("stripe.checkout.Session.create", side_effect=fake):
        results, errors = at_once(click, click)
    assert errors == []
    assert len(set(results)) == 1
    assert len({call["idempotency_key"] for call in fake.calls}) == 1
    assert (len(fake.by_key), CheckoutSession.objects.count()) == (1, 1)


def test_a_payment_during_a_refund_leaves_consistent_records(setup):
    _, _, staff, invoice = setup
    payment_record(
        invoice=invoice, amount=Money(20000), method="cheque", reference="C1", actor=staff
    )

    def refund():
        return invoice_refund(invoice=invoice, reason="Withdrew", actor=staff, amount=Money(20000))

    def pay():
        return payment_record(
            invoice=invoice, amount=Money(15000), method="cheque", reference="C2", actor=staff
        )

    _, errors = at_once(refund, pay)
    _domain_errors_only(errors)
    invoice.refresh_from_db()
    payments = sum(Payment.objects.filter(invoice=invoice).values_list("amount_cents", flat=True))
    lines = sum(InvoiceLine.objects.filter(invoice=invoice).values_list("amount_cents", flat=True))
    assert invoice.paid_cents == payments
    assert invoice.total_cents == lines
    assert invoice.balance_cents >= 0
    if errors:  # the refund came first and cancelled the invoice; the cheque was refused
        assert (invoice.status, invoice.net_paid_cents, payments) == ("refunded", 0, 20000)
    else:  # the cheque came first; the refund then returned part of what was paid
        assert (invoice.status, invoice.net_paid_cents, invoice.balance_cents) == ("paid", 15000, 0)


def test_the_same_scholarship_credited_at_once_is_credited_once(setup):
    _, _, _, invoice = setup

    def credit():
        return invoice_add_credit(
            invoice=invoice,
            amount=Money(20000),
            description="SSD award",
            source="award:1",
            actor=None,
        ).pk

    results, errors = at_once(credit, credit, credit)
    assert errors == []
    assert len(set(results)) == 1
    invoice.refresh_from_db()
    assert invoice.total_cents == 15000
