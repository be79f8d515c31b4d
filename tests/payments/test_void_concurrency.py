"""Voids at the same moment (PostgreSQL row locks): credit note numbers unique and without gaps,
one replacement per invoice, and never a void beside a payment."""

import pytest

from certify.core.money import Money
from certify.payments.models import CreditNote, Invoice, InvoiceCounter, Payment
from certify.payments.services import (
    enrollment_invoice_get_or_create,
    invoice_reprice,
    invoice_void,
    payment_record,
)
from tests.factories import ProgramFactory, UserFactory
from tests.payments.conftest import FEES
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    program = ProgramFactory(short_name="LSSCP", **FEES)
    staff = UserFactory(roles=["program_staff"])
    invoices = [
        enrollment_invoice_get_or_create(user=UserFactory(), program=program, actor=None)
        for _ in range(5)
    ]
    return program, staff, invoices


def test_credit_notes_made_at_once_get_consecutive_numbers(setup):
    program, staff, invoices = setup
    calls = [
        (lambda i=i: invoice_void(invoice=i, reason="Batch mistake", actor=staff)) for i in invoices
    ]
    _, errors = at_once(*calls)
    assert errors == []
    numbers = sorted(CreditNote.objects.filter(program=program).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5]
    assert sorted(CreditNote.objects.values_list("code", flat=True)) == [
        f"CN-LSSCP-{n:06d}" for n in range(1, 6)
    ]
    counter = InvoiceCounter.objects.get(program=program)
    assert (counter.last_credit_note_number, counter.last_number) == (5, 5)


def test_two_staff_repricing_the_same_invoice_make_one_replacement(setup):
    _, staff, invoices = setup
    invoice = invoices[0]
    other = UserFactory(roles=["program_staff"])

    def reprice(actor):
        return lambda: invoice_reprice(
            invoice=invoice, amount=Money(32500), reason="Member", actor=actor
        )

    results, errors = at_once(reprice(staff), reprice(other), reprice(staff))
    assert len(results) == 1
    assert len(errors) == 2
    assert Invoice.objects.filter(replaces=invoice).count() == 1
    assert CreditNote.objects.filter(invoice=invoice).count() == 1


def test_a_cheque_recorded_while_voiding_never_lands_on_a_void_invoice(setup):
    _, staff, invoices = setup
    invoice = invoices[0]
    other = UserFactory(roles=["program_staff"])
    results, errors = at_once(
        lambda: invoice_void(invoice=invoice, reason="Mistake", actor=staff),
        lambda: payment_record(
            invoice=invoice, amount=Money(35000), method="cheque", reference="C9", actor=other
        ),
    )
    assert (len(results), len(errors)) == (1, 1)
    invoice.refresh_from_db()
    paid = Payment.objects.filter(invoice=invoice).exists()
    voided = CreditNote.objects.filter(invoice=invoice).exists()
    assert paid != voided
    assert invoice.status == ("paid" if paid else "void")
