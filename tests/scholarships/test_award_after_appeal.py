"""An enrollment award that ended because the program rejected its recipient comes back when an
appeal sends the rejection back, if the fund can still pay it under its lock and SSD's one award
in any 18 months allows it; otherwise it stays ended, the recipient is told why in words and
the sponsor's administrators are told (ADR 0050, "Awards after an appeal")."""

import pytest
from django.db import transaction

from certify.accounts.models import Role
from certify.applications import decisions
from certify.core.money import Money
from certify.core.workflow import transition
from certify.notifications.models import Notification
from certify.payments.api import enrollment_invoice_for, enrollment_invoice_issue
from certify.programs.models import Program
from certify.scholarships.models import Award, Fund
from certify.scholarships.services import application_award
from tests.factories import ApplicationFactory, UserFactory
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


@pytest.fixture
def reviewer(db):
    """Program staff other than the one who rejected: the appeal's reviewer."""
    return UserFactory(roles=[Role.PROGRAM_STAFF])


def _committed(fund):
    fund = Fund.objects.get(pk=fund.pk)
    return (fund.committed, fund.remaining, fund.awards_made)


def _rejected_with_award(fund, member, committee, program, staff, capture):
    application = force_status(ApplicationFactory(candidate=member, program=program), "submitted")
    award = application_award(application=apply(fund, member), actor=committee)
    with capture(execute=True):
        decisions.application_reject(application=application, actor=staff, reason="Hours short.")
    award.refresh_from_db()
    assert award.status == Award.Status.WITHDRAWN
    return application, award


def _sent_back(application, reviewer, capture):
    application.refresh_from_db()
    with capture(execute=True):
        decisions.application_reopen_after_appeal(
            application=application, actor=reviewer, reason="Archive work counts."
        )


def test_the_award_comes_back_when_an_appeal_sends_the_rejection_back(
    enrollment_fund,
    member,
    committee,
    after_acceptance,
    staff,
    reviewer,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    application, award = _rejected_with_award(
        enrollment_fund, member, committee, after_acceptance, staff, capture
    )
    assert _committed(enrollment_fund) == (Money(0), Money(100000), 0)
    _sent_back(application, reviewer, capture)
    award.refresh_from_db()
    assert (award.status, award.invoice, award.note, award.end_reason) == (
        "committed",
        None,
        WAITS,
        "",
    )
    assert _committed(enrollment_fund) == (Money(20000), Money(80000), 1)
    told = Notification.objects.get(recipient=member, event="scholarship.award_restored")
    assert "Your $200.00 award from the SSD LSSCP Enrollment Scholarship is yours again" in (
        told.body
    )
    # Then accepted: the award goes on the enrollment invoice issued with the acceptance.
    application.refresh_from_db()
    with capture(execute=True):
        decisions.application_accept(application=application, actor=reviewer)
    award.refresh_from_db()
    invoice = enrollment_invoice_for(user=member, program=after_acceptance)
    assert (award.status, award.invoice) == ("committed", invoice)
    assert invoice.amount_due == Money(15000)


def test_where_the_fee_comes_with_the_application_it_goes_on_the_invoice_issued_again(
    enrollment_fund, member, committee, program, staff, reviewer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    application = ApplicationFactory(candidate=member, program=program)
    with capture(execute=True), transaction.atomic():
        transition(application, "submit", actor=member)
        enrollment_invoice_issue(user=member, program=program, actor=member)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    first = award.invoice
    assert first is not None
    application.refresh_from_db()
    with capture(execute=True):
        decisions.application_reject(application=application, actor=staff, reason="Hours short.")
    award.refresh_from_db()
    assert award.status == Award.Status.WITHDRAWN
    _sent_back(application, reviewer, capture)
    award.refresh_from_db()
    invoice = enrollment_invoice_for(user=member, program=program)
    assert invoice is not None
    assert invoice != first
    assert (award.status, award.invoice) == ("committed", invoice)
    assert invoice.amount_due == Money(15000)
    assert _committed(enrollment_fund) == (Money(20000), Money(80000), 1)


def test_a_fund_spent_in_the_meantime_cannot_restore_it_and_both_are_told(
    enrollment_fund,
    member,
    make_member,
    committee,
    ssd_admin,
    after_acceptance,
    staff,
    reviewer,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    application, award = _rejected_with_award(
        enrollment_fund, member, committee, after_acceptance, staff, capture
    )
    for _ in range(5):  # the money that came back went to five others
        application_award(application=apply(enrollment_fund, make_member()), actor=committee)
    _sent_back(application, reviewer, capture)
    award.refresh_from_db()
    assert award.status == Award.Status.WITHDRAWN
    assert _committed(enrollment_fund) == (Money(100000), Money(0), 5)
    told = Notification.objects.get(recipient=member, event="scholarship.award_restored")
    assert "cannot be given back" in told.body
    assert "has made all 5 of its awards" in told.body
    sponsor = Notification.objects.get(recipient=ssd_admin, event="scholarship.award_not_restored")
    assert "Ravi Patel" in sponsor.body
    assert "has made all 5 of its awards" in sponsor.body
    # Told once: the appeal's event delivered again changes nothing.
    _sent_back_again = Notification.objects.filter(event="scholarship.award_restored").count()
    from certify.scholarships.services import award_restore

    award_restore(award=award)
    assert Notification.objects.filter(event="scholarship.award_restored").count() == (
        _sent_back_again
    )


def test_another_ssd_award_received_in_the_meantime_keeps_it_ended(
    enrollment_fund,
    ce_fund,
    member,
    committee,
    after_acceptance,
    staff,
    reviewer,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    application, award = _rejected_with_award(
        enrollment_fund, member, committee, after_acceptance, staff, capture
    )
    application_award(
        application=apply(ce_fund, member, purpose="class", class_details="Cataloging, Lakeland"),
        actor=committee,
    )
    _sent_back(application, reviewer, capture)
    award.refresh_from_db()
    assert award.status == Award.Status.WITHDRAWN
    assert _committed(enrollment_fund) == (Money(0), Money(100000), 0)
    told = Notification.objects.get(recipient=member, event="scholarship.award_restored")
    assert "SSD gives one award per person in any 18 months" in told.body


def test_an_award_withdrawn_by_the_sponsor_is_not_brought_back_by_an_appeal(
    enrollment_fund,
    member,
    committee,
    ssd_admin,
    after_acceptance,
    staff,
    reviewer,
    django_capture_on_commit_callbacks,
):
    from certify.scholarships.services import award_withdraw

    capture = django_capture_on_commit_callbacks
    application = force_status(
        ApplicationFactory(candidate=member, program=after_acceptance), "submitted"
    )
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    award_withdraw(award=award, actor=ssd_admin, reason="Not an SSD member after all.")
    application.refresh_from_db()
    with capture(execute=True):
        decisions.application_reject(application=application, actor=staff, reason="Hours short.")
    _sent_back(application, reviewer, capture)
    award.refresh_from_db()
    assert award.status == Award.Status.WITHDRAWN
    assert not Notification.objects.filter(event="scholarship.award_restored").exists()
