"""Completions: recorded by candidates, reported by providers, confirmed, applied to the plan."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment, User
from certify.applications.api import add_years
from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CourseCompletion, ProviderConsent, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from certify.progress.models import PlannedSet
from certify.progress.services import plan_ensure, route_choose
from tests.conftest import count_queries
from tests.courses.conftest import approved_course, enrol, name_in_plan, pdf_upload
from tests.factories import ApplicationFactory


def record(planned, course, *, on=None, certificate="default"):
    today = timezone.localdate()
    return services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=on or today - timedelta(days=10),
        certificate=pdf_upload() if certificate == "default" else certificate,
    )


def test_a_candidate_records_a_completion_that_waits_for_confirmation(planned, course):
    completion = record(planned, course)
    assert completion.status == CourseCompletion.Status.PENDING
    assert completion.certificate_content_type == "application/pdf"
    planned.refresh_from_db()
    assert planned.status == PlannedSet.Status.IN_PROGRESS


def test_the_course_route_must_be_chosen_first(lsscp, course):
    application = enrol(lsscp, route="portfolio")
    planned = application.planned_sets.get(competency_set__code="CT")
    with pytest.raises(DomainError, match="Choose the approved-course route"):
        record(planned, course)


def test_a_course_for_another_set_is_refused(planned, provider, tec):
    other = approved_course(provider=provider, competency_set=tec)
    with pytest.raises(DomainError, match="is not an approved course for Communication"):
        record(planned, other)


def test_the_certificate_is_required_and_checked_by_content(planned, course):
    with pytest.raises(DomainError, match="Upload the completion certificate"):
        record(planned, course, certificate=None)
    fake = SimpleUploadedFile("cert.pdf", b"<html><script>x</script></html>")
    with pytest.raises(DomainError, match="not a file type we accept") as error:
        record(planned, course, certificate=fake)
    assert error.value.field == "certificate"
    assert not CourseCompletion.objects.exists()


def test_a_completion_exactly_two_years_before_approval_counts(planned, course):
    approved_on = course.first_approved_on
    completion = record(planned, course, on=add_years(approved_on, -2))
    assert completion.pk


def test_a_completion_one_day_earlier_does_not(planned, course):
    too_early = add_years(course.first_approved_on, -2) - timedelta(days=1)
    with pytest.raises(DomainError, match="2 years before its approval") as error:
        record(planned, course, on=too_early)
    assert error.value.field == "completed_on"


def test_an_expired_course_leaves_the_catalogue_but_earlier_completions_count(
    planned, provider, ct
):
    today = timezone.localdate()
    expired = approved_course(
        provider=provider, competency_set=ct, on=today - timedelta(days=365 * 4 + 30)
    )
    assert expired.approval_expires_on < today
    from certify.courses.selectors import catalogue

    assert expired not in catalogue()
    assert record(planned, expired, on=expired.approval_expires_on).pk
    with pytest.raises(DomainError, match="count from"):
        record(planned, expired, on=expired.approval_expires_on + timedelta(days=1))


def test_recording_the_same_course_twice_is_refused(planned, course):
    record(planned, course)
    with pytest.raises(DomainError, match=r"already recorded .* \(waiting for confirmation\)"):
        record(planned, course)


def test_the_provider_confirms_and_the_set_is_satisfied(
    planned, course, provider_user, django_capture_on_commit_callbacks
):
    completion = record(planned, course)
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_confirm(completion=completion, actor=provider_user)
    planned.refresh_from_db()
    assert planned.is_satisfied
    assert planned.route == "course"
    assert "Communicating at the Library Desk (Northside Community College)" in planned.evidence
    assert mail.outbox[-1].subject == (
        "Your course completion is confirmed: Communication and Teamwork"
    )


def test_staff_may_confirm_but_not_another_provider(planned, course, staff, other_provider_user):
    completion = record(planned, course)
    with pytest.raises(
        DomainError,
        match="only program staff other than the candidate or the course provider's staff",
    ):
        services.completion_confirm(completion=completion, actor=other_provider_user)
    services.completion_confirm(completion=completion, actor=staff)
    with pytest.raises(DomainError, match="This completion is already “Confirmed”"):
        services.completion_confirm(completion=completion, actor=staff)


def test_a_rejection_needs_a_reason_and_the_candidate_may_record_again(
    planned, course, provider_user, django_capture_on_commit_callbacks
):
    completion = record(planned, course)
    with pytest.raises(DomainError, match="Give a reason"):
        services.completion_reject(completion=completion, actor=provider_user, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_reject(
            completion=completion, actor=provider_user, reason="Not our signature."
        )
    assert "Not our signature." in mail.outbox[-1].body
    assert record(planned, course).status == CourseCompletion.Status.PENDING


def test_a_confirmed_completion_of_an_elective_not_in_the_plan_is_applied_later(
    lsscp, provider, provider_user
):
    today = timezone.localdate()
    ref = lsscp.competency_sets.get(code="REF")
    course = approved_course(provider=provider, competency_set=ref)
    application = enrol(lsscp, sets=())
    invite_accepted(course, application, provider_user)
    rows = [
        services.ReportRow(
            line=1,
            email=application.candidate.email,
            full_name=application.candidate.full_name,
            completed_on=str(today),
        )
    ]
    services.completions_report(course=course, rows=rows, actor=provider_user)
    completion = CourseCompletion.objects.get()
    assert completion.status == CourseCompletion.Status.AWAITING  # by invitation: not expected
    services.completion_answer(completion=completion, actor=application.candidate, completed=True)
    completion.refresh_from_db()
    assert completion.applied_at is None
    with pytest.raises(DomainError, match="choose it as an elective first"):
        services.completion_apply(completion=completion, actor=application.candidate)
    from certify.progress.services import electives_choose

    electives_choose(
        application=application, actor=application.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    services.completion_apply(completion=completion, actor=application.candidate)
    assert application.planned_sets.get(competency_set=ref).is_satisfied


# --- Reports (the row check shared by CSV and API) ----------------------------------------------


def invite_accepted(course, application, provider_user):
    """The provider invites the candidate by e-mail address and the candidate accepts."""
    services.consent_invite(
        provider=course.provider,
        course=course,
        actor=provider_user,
        who=application.candidate.email,
    )
    consent = ProviderConsent.objects.get(application=application, course=course)
    return services.consent_decide(consent=consent, actor=application.candidate, move="accept")


def rows(*items):
    return [services.ReportRow(line=i, **item) for i, item in enumerate(items, start=2)]


def test_rows_match_by_email_or_candidate_number(lsscp, course, provider_user):
    today = timezone.localdate()
    by_email = enrol(lsscp, email="a@example.org", name="Ann Lee", names=course)
    by_number = enrol(lsscp, email="b@example.org", name="Benoît Ém", names=course)
    outcomes, counts = services.completions_report(
        course=course,
        rows=rows(
            {"email": "A@Example.org", "full_name": "lee ann", "completed_on": str(today)},
            {
                "candidate_number": candidate_number(by_number).lower(),
                "full_name": "EM  BENOIT",
                "completed_on": f"{today.month}/{today.day}/{today.year}",
            },
        ),
        actor=provider_user,
    )
    assert [o.result for o in outcomes] == ["ready", "ready"]
    assert counts.created == 2
    for application in (by_email, by_number):
        assert application.planned_sets.get(competency_set__code="CT").is_satisfied
    completion = CourseCompletion.objects.get(application=by_number)
    assert completion.status == CourseCompletion.Status.CONFIRMED
    assert completion.source == CourseCompletion.Source.PROVIDER_API


def test_certify_confirms_a_matched_report_but_not_one_about_the_reporter(
    lsscp, course, provider_user
):
    """The provider's report is its word: Certify confirms each row it matched, recorded as its
    own move. A provider's staff member enrolled as a candidate does not confirm their own
    completion by reporting it: that row waits for a colleague or program staff."""
    today = timezone.localdate()
    from certify.core.models import AuditEvent

    other = enrol(lsscp, email="ann@example.org", name="Ann", names=course)
    own = ApplicationFactory(candidate=provider_user, program=lsscp, status="accepted")
    plan_ensure(application=own)
    route_choose(
        planned=own.planned_sets.get(competency_set__code="CT"), actor=provider_user, route="course"
    )
    name_in_plan(own, course)
    _, counts = services.completions_report(
        course=course,
        rows=rows(
            {"email": "ann@example.org", "full_name": "Ann", "completed_on": str(today)},
            {
                "email": provider_user.email,
                "full_name": provider_user.full_name,
                "completed_on": str(today),
            },
        ),
        actor=provider_user,
    )
    assert counts.created == 2
    confirmed = CourseCompletion.objects.get(application=other)
    assert (confirmed.status, confirmed.decided_by) == ("confirmed", provider_user)
    event = AuditEvent.objects.get(verb="course_completion.confirmed")
    assert (event.actor, event.data["via"], event.data["move"]) == (None, "system", "confirm")
    assert event.target_id == str(confirmed.pk)
    waiting = CourseCompletion.objects.get(application=own)
    assert (waiting.status, waiting.decided_by) == ("pending", None)
    with pytest.raises(DomainError, match="You cannot decide your own case"):
        services.completion_confirm(completion=waiting, actor=provider_user)


def test_unmatched_rows_are_kept_for_staff_never_dropped(lsscp, course, provider_user):
    today = timezone.localdate()
    outcomes, counts = services.completions_report(
        course=course,
        rows=rows(
            {"email": "nobody@example.org", "full_name": "No Body", "completed_on": str(today)}
        ),
        actor=provider_user,
    )
    assert counts.unmatched == 1
    kept = UnmatchedCompletion.objects.get()
    assert (kept.email, kept.full_name, kept.status) == ("nobody@example.org", "No Body", "open")
    assert outcomes[0].message.startswith("Not matched: kept for program staff.")


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            {"full_name": "Dana Okafor", "completed_on": "2026-01-01"},
            "Give the candidate's candidate number or e-mail address.",
        ),
        ({"email": "a@example.org", "completed_on": "2026-01-01"}, "Give a second fact"),
        (
            {"email": "not-an-email", "full_name": "Dana Okafor", "completed_on": "2026-01-01"},
            "is not a valid e-mail address",
        ),
        (
            {"candidate_number": "12345", "full_name": "Dana Okafor", "completed_on": "2026-01-01"},
            "is not a candidate number",
        ),
        (
            {
                "candidate_number": "OTHER-C-7K3Q9M2X",
                "email": "a@example.org",
                "completed_on": "2026-01-01",
            },
            "another program",
        ),
        (
            {"email": "a@example.org", "full_name": "Dana Okafor", "completed_on": ""},
            "Give the completion date.",
        ),
        (
            {"email": "a@example.org", "full_name": "Dana Okafor", "completed_on": "31/12/2025"},
            "is not a date we understand",
        ),
        (
            {"email": "a@example.org", "full_name": "Dana Okafor", "completed_on": "2099-01-01"},
            "is in the future",
        ),
        (
            {"email": "a@example.org", "full_name": "Dana Okafor", "completed_on": "1999-01-01"},
            "2 years before its approval",
        ),
    ],
)
def test_each_bad_row_says_what_is_wrong(lsscp, course, provider_user, item, message):
    enrol(lsscp, email="a@example.org", names=course)
    outcomes, counts = services.completions_report(
        course=course, rows=rows(item), actor=provider_user
    )
    assert outcomes[0].result == "error"
    assert message in outcomes[0].message
    assert counts.error == 1
    assert not CourseCompletion.objects.exists()
    assert not UnmatchedCompletion.objects.exists()


def test_duplicates_are_skipped_and_conflicts_refused(lsscp, course, provider_user):
    today = timezone.localdate()
    ann = enrol(lsscp, email="a@example.org", name="Ann", names=course)
    enrol(lsscp, email="b@example.org", name="Ben", names=course)
    services.completions_report(
        course=course,
        rows=rows({"email": "a@example.org", "full_name": "Ann", "completed_on": str(today)}),
        actor=provider_user,
    )
    outcomes, _ = services.completions_report(
        course=course,
        rows=rows(
            {"email": "a@example.org", "full_name": "Ann", "completed_on": str(today)},
            {"email": "b@example.org", "full_name": "Ben", "completed_on": str(today)},
            {"email": "b@example.org", "full_name": "Ben", "completed_on": str(today)},
            {
                "email": "b@example.org",
                "candidate_number": candidate_number(ann),
                "completed_on": str(today),
            },
        ),
        actor=provider_user,
    )
    # An e-mail address and a number of two candidates match neither: "not matched", and
    # nothing says the two exist.
    assert [o.result for o in outcomes] == ["duplicate", "ready", "error", "unmatched"]
    assert outcomes[2].message == (
        "The same candidate is on line 3: report each candidate once, so remove one of the two "
        "rows."
    )
    assert outcomes[3].message.startswith("Not matched")
    assert "b@example.org" not in outcomes[3].message
    assert CourseCompletion.objects.count() == 2


def test_a_course_never_approved_takes_no_reports(course, provider_user):
    course.first_approved_on = course.approval_expires_on = None
    course.save()
    course.approvals.all().delete()
    with pytest.raises(DomainError, match="not approved yet"):
        services.completions_report(course=course, rows=rows({}), actor=provider_user)


def test_another_providers_staff_cannot_report(course, other_provider_user):
    with pytest.raises(DomainError, match="You do not act for"):
        services.completions_report(course=course, rows=rows({}), actor=other_provider_user)


def test_the_row_check_reads_in_bulk_not_per_row(lsscp, course):
    today = timezone.localdate()

    def check(n):
        items = [
            {"email": f"p{i}@example.org", "full_name": f"P {i}", "completed_on": str(today)}
            for i in range(n)
        ]
        return count_queries(lambda: services.report_rows_check(course=course, rows=rows(*items)))

    check(1)  # the first read loads what the course keeps (its program)
    assert check(5) == check(300)


# --- Unmatched rows: staff resolve them ---------------------------------------------------------


def test_staff_match_an_unmatched_row_and_the_set_is_satisfied(lsscp, course, provider_user, staff):
    today = timezone.localdate()
    services.completions_report(
        course=course,
        rows=rows(
            {
                "email": "dana.old@example.org",
                "full_name": "Dana Okafor",
                "completed_on": str(today),
            }
        ),
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    application = enrol(lsscp, email="dana@example.org", names=course)
    with pytest.raises(DomainError, match="Say why this report is this candidate's"):
        services.unmatched_match(row=row, actor=staff, candidate=candidate_number(application))
    with pytest.raises(DomainError, match=r"No enrolled candidate .* “who@example.org”"):
        services.unmatched_match(row=row, actor=staff, candidate="who@example.org", note="Typo.")
    row.refresh_from_db()
    assert (row.status, row.resolved_by) == ("open", None)  # nothing kept of the refusals
    completion = services.unmatched_match(
        row=row, actor=staff, candidate=candidate_number(application), note="Old e-mail."
    )
    assert completion.source == CourseCompletion.Source.STAFF
    row.refresh_from_db()
    assert (row.status, row.completion) == ("matched", completion)
    assert application.planned_sets.get(competency_set__code="CT").is_satisfied


def test_staff_dismiss_with_a_reason(course, provider_user, staff):
    today = timezone.localdate()
    services.completions_report(
        course=course,
        rows=rows({"email": "x@example.org", "full_name": "X", "completed_on": str(today)}),
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    with pytest.raises(DomainError, match="Say why"):
        services.unmatched_dismiss(row=row, actor=staff, reason="")
    services.unmatched_dismiss(row=row, actor=staff, reason="Not a candidate.")
    with pytest.raises(DomainError, match="This unmatched report is already “Dismissed”"):
        services.unmatched_dismiss(row=row, actor=staff, reason="again")
    open_row = UnmatchedCompletion.objects.create(
        course=course, email="y@example.org", completed_on=today, source="provider_api"
    )
    with pytest.raises(
        DomainError, match="only program staff who do not act for the provider and did not report"
    ):
        services.unmatched_match(
            row=open_row, actor=provider_user, candidate="x@example.org", note="Mine."
        )


def test_a_provider_seat_without_the_role_confirms_nothing(
    planned, course, provider_user, django_capture_on_commit_callbacks
):
    """Program staff took the course provider role away and the seat stays recorded: the
    person no longer confirms the provider's completions, here in the service itself (the pages
    and the API already ask for the role)."""
    completion = record(planned, course)
    RoleAssignment.objects.filter(user=provider_user, role=Role.PROVIDER).delete()
    former = User.objects.get(pk=provider_user.pk)
    with pytest.raises(DomainError, match="the course provider's staff"):
        services.completion_confirm(completion=completion, actor=former)
    completion.refresh_from_db()
    assert completion.status == "pending"
