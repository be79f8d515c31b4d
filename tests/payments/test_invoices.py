from datetime import date, timedelta

import pytest
from django.core import mail

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.memberships.models import Organisation
from certify.payments.api import (
    course_approval_invoice_create,
    enrollment_invoice_get_or_create,
    enrollment_is_settled,
    invoice_add_credit,
    invoice_is_settled,
    renewal_invoice_create,
)
from certify.payments.models import Invoice, InvoiceLine
from certify.programs.models import Program
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

INVOICING_DAY = date(2026, 11, 27)


def _invoice(user, program, **kwargs):
    return enrollment_invoice_get_or_create(
        user=user, program=program, actor=user, today=INVOICING_DAY, **kwargs
    )


def test_a_non_member_pays_the_full_fee(candidate, program):
    invoice = _invoice(candidate, program)
    assert invoice.total == Money(35000)
    assert invoice.amount_due == Money(35000)
    assert [line.kind for line in invoice.lines.all()] == ["enrollment_fee"]
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.due_on == INVOICING_DAY + timedelta(days=30)


def test_a_confirmed_current_ala_member_pays_the_member_price(candidate, program):
    MembershipFactory(user=candidate, member_number="ALA-42", expires_on=INVOICING_DAY)
    invoice = _invoice(candidate, program)
    assert invoice.total == Money(32500)
    discount = invoice.lines.get(kind=InvoiceLine.Kind.MEMBER_DISCOUNT)
    assert discount.amount_cents == -2500
    assert "ALA-42" in discount.description


@pytest.mark.parametrize(
    ("status", "expires_on"),
    [
        # A pending membership holds the invoice back instead (tests/payments/test_fees.py).
        ("rejected", INVOICING_DAY + timedelta(days=100)),
        ("confirmed", INVOICING_DAY - timedelta(days=1)),  # expired the day before
    ],
)
def test_no_member_price_unless_confirmed_and_current_on_the_invoicing_day(
    candidate, program, status, expires_on
):
    MembershipFactory(user=candidate, status=status, expires_on=expires_on)
    assert _invoice(candidate, program).total == Money(35000)


def test_membership_of_another_organisation_gives_no_member_price(candidate, program):
    MembershipFactory(user=candidate, organisation=Organisation.objects.get(code="SSD"))
    assert _invoice(candidate, program).total == Money(35000)


def test_asking_twice_gives_the_same_invoice(candidate, program):
    first = _invoice(candidate, program)
    assert _invoice(candidate, program) == first
    assert Invoice.objects.count() == 1


def test_the_candidate_is_told_about_a_new_invoice(
    candidate, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = _invoice(candidate, program)
    assert mail.outbox[0].subject == f"Invoice {invoice.code} for $350.00"
    assert invoice.get_absolute_url() in mail.outbox[0].body


def test_invoice_numbers_run_per_program_without_gaps(program):
    other = ProgramFactory(short_name="OTHER")
    codes = [_invoice(UserFactory(), program).code for _ in range(3)]
    codes.append(_invoice(UserFactory(), other).code)
    codes.append(_invoice(UserFactory(), program).code)
    assert codes == [
        "LSSCP-000001",
        "LSSCP-000002",
        "LSSCP-000003",
        "OTHER-000001",
        "LSSCP-000004",
    ]


def test_a_failed_invoice_gives_its_number_back(candidate, program, monkeypatch):
    from certify.payments.services import invoices

    def boom(**kwargs):
        raise RuntimeError("mail server exploded")

    monkeypatch.setattr(invoices, "tell", boom)
    with pytest.raises(RuntimeError):
        _invoice(candidate, program)
    monkeypatch.undo()
    assert _invoice(UserFactory(), program).number == 1


def test_a_scholarship_credit_lowers_the_balance(invoice):
    line = invoice_add_credit(
        invoice=invoice,
        amount=Money(20000),
        description="SSD scholarship",
        source="award:1",
        actor=None,
    )
    invoice.refresh_from_db()
    assert line.amount_cents == -20000
    assert invoice.amount_due == Money(15000)
    assert invoice.status == Invoice.Status.OPEN


def test_the_same_award_is_credited_once(invoice):
    for _ in range(2):
        invoice_add_credit(
            invoice=invoice, amount=Money(20000), description="SSD", source="award:1", actor=None
        )
    invoice.refresh_from_db()
    assert invoice.total_cents == 15000


def test_a_credit_covering_everything_settles_the_invoice_without_payment(invoice):
    invoice_add_credit(
        invoice=invoice,
        amount=Money(35000),
        description="Full scholarship",
        source="award:2",
        actor=None,
    )
    assert invoice_is_settled(invoice=invoice)
    assert enrollment_is_settled(user=invoice.user, program=invoice.program)
    assert not invoice.payments.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Money(35001), "more than the \\$350.00 still owed"),
        (Money(0), "greater than zero"),
        (Money(100, "CAD"), "is in USD, not CAD"),
    ],
)
def test_bad_credits_are_refused_and_change_nothing(invoice, amount, message):
    with pytest.raises(DomainError, match=message):
        invoice_add_credit(invoice=invoice, amount=amount, description="x", source="", actor=None)
    invoice.refresh_from_db()
    assert invoice.total_cents == 35000
    assert invoice.lines.count() == 1


def test_renewal_and_course_approval_invoices(candidate, program):
    provider = UserFactory()
    renewal = renewal_invoice_create(
        user=candidate, program=program, actor=None, subject="certificate:9"
    )
    course = course_approval_invoice_create(
        provider=provider,
        program=program,
        course_title="Cataloging 101",
        actor=None,
        subject="course:7",
    )
    assert renewal.total == Money(15000)
    assert course.total == Money(10000)
    assert "Cataloging 101" in course.lines.get().description
    assert (
        course_approval_invoice_create(
            provider=provider,
            program=program,
            course_title="Cataloging 101",
            actor=None,
            subject="course:7",
        )
        == course
    )


def test_payment_timing_is_a_program_rule(lsscp):
    assert lsscp.payment_timing == Program.PaymentTiming.AT_APPLICATION
