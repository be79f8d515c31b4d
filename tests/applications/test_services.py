from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications import decisions, services
from certify.applications.models import Application, ApplicationTransition
from certify.core.errors import DomainError
from tests.factories import ExperienceEntryFactory, UserFactory

S = Application.Status


def test_submitting_a_complete_draft_snapshots_the_hours_and_tells_the_candidate(
    draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=draft, actor=applicant)
    assert application.status == S.SUBMITTED
    assert application.eligible_hours == draft.program.experience_hours_required
    assert application.window_end == timezone.localdate()
    assert application.flags == []
    assert [m.subject for m in mail.outbox] == [
        "We received your application",
        # paid with the application
        f"Invoice LSSCP-000001 for {draft.program.enrollment_fee.with_cents()}",
    ]
    (transition,) = ApplicationTransition.objects.filter(application=application)
    assert (transition.from_status, transition.to_status, transition.actor) == (
        S.DRAFT,
        S.SUBMITTED,
        applicant,
    )


def test_submission_lists_everything_missing_in_plain_words(lsscp, applicant):
    application = services.application_start(candidate=applicant, program=lsscp)
    with pytest.raises(services.ApplicationIncompleteError) as info:
        services.application_submit(application=application, actor=applicant)
    problems = info.value.problems
    assert problems[:2] == [
        "Tell us your highest level of education.",
        "Add at least one library job or volunteer role.",
    ]
    required = f"{lsscp.experience_hours_required:,}"
    assert problems[2].startswith(f"You have 0 of the {required} hours needed between ")
    assert problems[2].endswith(f": {required} more hours are needed.")
    assert problems[3] == "Confirm that the information you gave is true."
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_one_day_short_cannot_be_submitted(draft, applicant):
    entry = draft.experience.get()
    entry.start_date += timedelta(days=1)
    entry.save()
    with pytest.raises(services.ApplicationIncompleteError, match="5 more hours are needed"):
        services.application_submit(application=draft, actor=applicant)


def test_us_applicants_need_a_diploma_or_equivalent(draft, applicant):
    draft.education_level = Application.Education.NONE
    draft.save()
    with pytest.raises(services.ApplicationIncompleteError, match="high-school diploma"):
        services.application_submit(application=draft, actor=applicant)


def test_education_outside_the_us_goes_to_staff_case_by_case(draft, applicant, staff):
    draft.education_country = "NG"
    draft.education_level = Application.Education.NONE
    draft.save()
    with pytest.raises(services.ApplicationIncompleteError, match="describe the school"):
        services.application_submit(application=draft, actor=applicant)
    draft.education_note = "West African Senior School Certificate, Lagos, 2015"
    draft.save()
    application = services.application_submit(application=draft, actor=applicant)
    assert application.status == S.SUBMITTED  # never auto-rejected
    assert "Education outside the US: decide case by case." in application.flags
    with pytest.raises(DomainError, match="case-by-case"):
        decisions.application_accept(application=application, actor=staff)  # never automatic
    decisions.application_accept(
        application=application, actor=staff, reason="WASSCE is equivalent to a US diploma."
    )
    application.refresh_from_db()
    assert application.status == S.ACCEPTED


def test_accepting_enrolls_and_sets_the_four_year_deadline(submitted, staff):
    application = decisions.application_accept(
        application=submitted, actor=staff, enrolled_on=date(2028, 2, 29)
    )
    assert application.enrolled_on == date(2028, 2, 29)
    assert application.completion_deadline == date(2032, 2, 29)
    assert application.decided_by == staff
    application = decisions.application_accept


def test_a_decision_cannot_be_made_twice(submitted, staff):
    decisions.application_accept(application=submitted, actor=staff)
    with pytest.raises(DomainError, match="cannot become"):
        decisions.application_reject(application=submitted, actor=staff, reason="No.")


def test_only_staff_decide(submitted, applicant):
    reviewer = UserFactory(roles=[Role.REVIEWER])
    for actor in (applicant, reviewer):
        with pytest.raises(DomainError, match="only program staff other than the candidate"):
            decisions.application_accept(application=submitted, actor=actor)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_more_information_then_resubmission(
    submitted, applicant, staff, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="Give a reason"):
        decisions.application_request_info(application=submitted, actor=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_request_info(
            application=submitted, actor=staff, reason="Add your volunteer work at the school."
        )
    assert "Add your volunteer work" in mail.outbox[-1].body
    submitted.refresh_from_db()
    assert submitted.is_editable
    services.experience_save(
        application=submitted,
        actor=applicant,
        library_name="Lincoln Elementary",
        library_type="school",
        role="Volunteer",
        paid=False,
        start_date=date(2025, 1, 6),
        end_date=date(2025, 6, 13),
        hours_mode="weekly",
        hours_per_week=Decimal(4),
    )
    services.application_submit(application=submitted, actor=applicant)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert [t.to_status for t in submitted.transitions.all()] == [
        S.SUBMITTED,
        S.MORE_INFO,
        S.SUBMITTED,
    ]


def test_an_ala_member_is_invoiced_the_member_price(draft, applicant):
    from datetime import timedelta

    from django.utils import timezone

    from certify.memberships.models import Membership, Organisation
    from certify.payments.api import enrollment_invoice_for

    Membership.objects.create(
        user=applicant,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="A1",
        expires_on=timezone.localdate() + timedelta(days=30),
        status=Membership.Status.CONFIRMED,
    )
    services.application_submit(application=draft, actor=applicant)
    invoice = enrollment_invoice_for(user=applicant, program=draft.program)
    assert invoice.total == draft.program.member_fee


def test_rejecting_a_paid_applicant_refunds_the_fee(
    submitted, applicant, staff, django_capture_on_commit_callbacks
):
    from certify.payments.api import enrollment_invoice_for
    from certify.payments.models import Payment
    from certify.payments.services import payment_record

    invoice = enrollment_invoice_for(user=applicant, program=submitted.program)
    payment_record(
        invoice=invoice,
        amount=invoice.total,
        method=Payment.OFFLINE_METHODS[0],
        reference="Check 1042",
        actor=staff,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_reject(
            application=submitted, actor=staff, reason="Only 900 of the hours were in a library."
        )
    invoice.refresh_from_db()
    assert invoice.refunds.count() == 1
    (decision,) = [m for m in mail.outbox if m.subject == "Your application was not accepted"]
    assert "will be refunded" in decision.body


def test_rejecting_needs_a_reason_and_tells_the_candidate(
    submitted, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_reject(
            application=submitted,
            actor=staff,
            reason="The hours at the bookshop are not library work.",
        )
    assert "not accepted" in mail.outbox[-1].body
    assert "bookshop" in mail.outbox[-1].body
    assert "10 days" in mail.outbox[-1].body


def test_a_submitted_application_cannot_be_edited(submitted, applicant):
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.application_update(application=submitted, actor=applicant, attested=False)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.experience_delete(entry=submitted.experience.get(), actor=applicant)


def test_another_candidate_cannot_change_an_application(draft):
    other = UserFactory(roles=[Role.CANDIDATE])
    with pytest.raises(DomainError, match="not your application"):
        services.application_update(application=draft, actor=other, attested=False)
    with pytest.raises(DomainError, match="not your application"):
        services.application_submit(application=draft, actor=other)


def test_one_open_application_per_program(lsscp, applicant):
    first = services.application_start(candidate=applicant, program=lsscp)
    assert services.application_start(candidate=applicant, program=lsscp) == first
    assert Application.objects.filter(candidate=applicant).count() == 1


def test_staff_extend_a_deadline_with_a_reason(submitted, staff):
    decisions.application_accept(application=submitted, actor=staff)
    submitted.refresh_from_db()
    old = submitted.completion_deadline
    with pytest.raises(DomainError, match="after the current one"):
        decisions.deadline_extend(
            application=submitted, actor=staff, new_deadline=old, reason="Illness"
        )
    decisions.deadline_extend(
        application=submitted, actor=staff, new_deadline=old + timedelta(days=180), reason="Illness"
    )
    submitted.refresh_from_db()
    assert submitted.completion_deadline == old + timedelta(days=180)


def test_overlapping_entries_over_60_hours_are_flagged_for_staff(draft, applicant):
    ExperienceEntryFactory(application=draft, hours_per_week=Decimal(30))
    application = services.application_submit(application=draft, actor=applicant)
    assert any("65 hours a week" in f for f in application.flags)
