"""Invoices, payments, credit notes and memberships are dated in the program's time zone (ADR
0036), as the program's other dates are. The site is in Chicago; the program here is in
Honolulu. At 08:00 UTC on 6 December it is already 6 December in Chicago and still 5 December
(22:00) in Honolulu; at 10:30 UTC it is 6 December (00:30) in Honolulu too."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.memberships.services import membership_record, organisations_ensure
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Payment
from certify.payments.services import invoice_void, payment_record
from certify.payments.services.invoices import PAYMENT_TERMS_DAYS
from tests.factories import UserFactory

BEFORE_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)  # 5 Dec 22:00 there
AFTER_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)  # 6 Dec 00:30 there


@pytest.fixture
def honolulu(program):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    return program


@pytest.fixture
def recorder(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.mark.parametrize(
    ("now", "day"),
    [(BEFORE_HONOLULU_MIDNIGHT, date(2026, 12, 5)), (AFTER_HONOLULU_MIDNIGHT, date(2026, 12, 6))],
)
def test_an_invoice_is_issued_and_due_on_the_programs_days(at, candidate, honolulu, now, day):
    at(now)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=honolulu, actor=candidate)
    assert invoice.issued_on == day
    assert invoice.due_on == day + timedelta(days=PAYMENT_TERMS_DAYS)


def test_a_payment_is_received_and_a_credit_note_issued_on_the_programs_day(
    at, candidate, honolulu, recorder
):
    at(BEFORE_HONOLULU_MIDNIGHT)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=honolulu, actor=candidate)
    with pytest.raises(DomainError, match="received in the future"):  # 6 Dec is tomorrow there
        payment_record(
            invoice=invoice,
            amount=Money(100, invoice.currency),
            method=Payment.Method.CHEQUE,
            reference="Check 1",
            actor=recorder,
            received_on=date(2026, 12, 6),
        )
    payment = payment_record(
        invoice=invoice,
        amount=Money(100, invoice.currency),
        method=Payment.Method.CHEQUE,
        reference="Check 2",
        actor=recorder,
    )
    assert payment.received_on == date(2026, 12, 5)

    other = UserFactory(roles=[Role.CANDIDATE])
    unpaid = enrollment_invoice_get_or_create(user=other, program=honolulu, actor=other)
    note = invoice_void(invoice=unpaid, reason="Made by mistake.", actor=recorder)
    assert note.issued_on == date(2026, 12, 5)


def test_the_payment_form_starts_on_the_programs_day(at, client, candidate, honolulu, recorder):
    at(BEFORE_HONOLULU_MIDNIGHT)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=honolulu, actor=candidate)
    client.force_login(recorder)
    page = client.get(reverse("payments:invoice", args=[invoice.code]))
    assert page.context["payment_form"]["received_on"].value() == date(2026, 12, 5)


def test_a_membership_ending_today_in_a_program_behind_the_site_is_current(at, candidate, honolulu):
    """Recorded from the memberships page (no program): 5 December is still today in Honolulu,
    so a membership ending that day is accepted; once every program is past it, it is refused."""
    ala = next(o for o in organisations_ensure() if o.code == "ALA")
    at(BEFORE_HONOLULU_MIDNIGHT)
    membership = membership_record(
        user=candidate,
        organisation=ala,
        member_number="A-1",
        expires_on=date(2026, 12, 5),
        actor=candidate,
    )
    assert membership.expires_on == date(2026, 12, 5)
    at(AFTER_HONOLULU_MIDNIGHT)
    with pytest.raises(DomainError, match="This date has passed"):
        membership_record(
            user=candidate,
            organisation=ala,
            member_number="A-2",
            expires_on=date(2026, 12, 5),
            actor=candidate,
        )


def test_the_staff_payments_page_opens_on_the_programs_month(at, client, honolulu, recorder):
    """At 22:00 on 30 November in Honolulu it is already 1 December in the site's zone: the one
    program's payments page opens on its own month to its own today, not the site's."""
    at(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    client.force_login(recorder)
    page = client.get(reverse("payments:staff_payments"))
    assert (page.context["start"], page.context["end"]) == (date(2026, 11, 1), date(2026, 11, 30))
