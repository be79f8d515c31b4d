"""An enrollment award for someone LSSCP has not accepted (yet) waits: no enrollment invoice is
made for it. It goes on the enrollment invoice when that is issued (on acceptance, or when they
apply where the fee is paid when applying); if the application is not accepted, the award ends,
its money returns to the fund and the recipient is told (ADR 0050)."""

import pytest
from django.db import transaction
from django.utils import timezone

from certify.applications import decisions
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.workflow import transition
from certify.notifications.models import Notification
from certify.payments.api import enrollment_invoice_for, enrollment_invoice_issue
from certify.programs.models import Program
from certify.scholarships.handlers import expire_awards
from certify.scholarships.models import Award, Fund
from certify.scholarships.services import application_award
from tests.factories import ApplicationFactory
from tests.scholarships.conftest import apply
from tests.workflow import force_status

WAITS = (
    "To be applied once the application to LSSCP is accepted: the credit goes on the "
    "enrollment invoice when it is issued."
)


@pytest.fixture
def after_acceptance(program):
    Program.objects.filter(pk=program.pk).update(
        payment_timing=Program.PaymentTiming.AFTER_ACCEPTANCE
    )
    program.refresh_from_db()
    return program


def _applied(member, program, status="submitted"):
    return force_status(ApplicationFactory(candidate=member, program=program), status)


def _committed(fund):
    fund = Fund.objects.get(pk=fund.pk)
    return (fund.committed, fund.remaining, fund.awards_made)


def test_an_award_for_someone_not_yet_accepted_makes_no_invoice_and_waits(
    enrollment_fund, member, committee, after_acceptance
):
    _applied(member, after_acceptance)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    assert enrollment_invoice_for(user=member, program=after_acceptance) is None
    assert (award.status, award.invoice, award.amount, award.note) == (
        "committed",
        None,
        Money(20000),
        WAITS,
    )
    assert _committed(enrollment_fund) == (Money(20000), Money(80000), 1)
    told = Notification.objects.get(recipient=member, event="scholarship.decided")
    assert WAITS in told.body


def test_it_goes_on_the_enrollment_invoice_issued_when_the_application_is_accepted(
    enrollment_fund, member, committee, after_acceptance, staff, django_capture_on_commit_callbacks
):
    application = _applied(member, after_acceptance)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_accept(application=application, actor=staff)
    award.refresh_from_db()
    invoice = enrollment_invoice_for(user=member, program=after_acceptance)
    assert (award.status, award.invoice, award.note) == ("committed", invoice, "")
    assert invoice.amount_due == Money(15000)


def test_where_the_fee_is_paid_when_applying_it_goes_on_the_invoice_issued_then(
    enrollment_fund, member, committee, program, django_capture_on_commit_callbacks
):
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    assert (award.invoice, award.note) == (None, WAITS)  # they have not applied to LSSCP yet
    application = ApplicationFactory(candidate=member, program=program)
    # What submitting does here (the application's own checks are tested with it).
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        transition(application, "submit", actor=member)
        enrollment_invoice_issue(user=member, program=program, actor=member)
    award.refresh_from_db()
    invoice = enrollment_invoice_for(user=member, program=program)
    assert (award.invoice, invoice.amount_due) == (invoice, Money(15000))


def test_an_invoice_issued_without_an_event_is_found_by_the_daily_job(
    enrollment_fund, member, committee, program
):
    """E.g. issued once the member organization's membership was confirmed."""
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    invoice = enrollment_invoice_issue(user=member, program=program, actor=member)
    expire_awards(timezone.localdate())
    award.refresh_from_db()
    assert (award.status, award.invoice) == ("committed", invoice)


def test_a_rejected_application_ends_the_waiting_award_and_returns_its_money(
    enrollment_fund, member, committee, after_acceptance, staff, django_capture_on_commit_callbacks
):
    application = _applied(member, after_acceptance)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_reject(application=application, actor=staff, reason="Hours short.")
    award.refresh_from_db()
    assert (award.status, award.invoice) == ("withdrawn", None)
    assert award.end_reason == (
        "The application to LSSCP was not accepted, so the award was not used."
    )
    assert _committed(enrollment_fund) == (Money(0), Money(100000), 0)
    assert Notification.objects.filter(recipient=member, event="scholarship.award_ended").exists()
    assert enrollment_invoice_for(user=member, program=after_acceptance) is None


def test_someone_whose_application_was_not_accepted_is_not_awarded(
    enrollment_fund, member, committee, program
):
    _applied(member, program, status="rejected")
    with pytest.raises(DomainError) as refused:
        application_award(application=apply(enrollment_fund, member), actor=committee)
    assert refused.value.message == (
        "Ravi Patel's application to LSSCP was not accepted, so an award toward its enrollment "
        "fee could not be used."
    )
    assert not Award.objects.exists()
    assert enrollment_invoice_for(user=member, program=program) is None


def test_an_accepted_applicant_without_an_invoice_gets_it_with_the_credit(
    enrollment_fund, member, committee, after_acceptance
):
    _applied(member, after_acceptance, status="accepted")
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    invoice = enrollment_invoice_for(user=member, program=after_acceptance)
    assert (award.invoice, invoice.amount_due) == (invoice, Money(15000))
