"""Course completions and program claims after the completion deadline (ADR 0073).

From the day after the deadline (in the program's time zone) the candidate records no course
completion and claims no recognized program, by the page or the API, until staff extend it. A
provider's completion dated on or before the deadline still counts when it comes later; one
dated after it is kept, confirmed, but satisfies the set only once an extension covers its day
(the candidate then applies it from the plan)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from certify.applications.api import deadline_extend
from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CourseCompletion, ProgrammeClaim
from tests.courses.conftest import approved_course, enrol, pdf_upload
from tests.deadline import DEADLINE, LAST_MINUTE, NEXT_DAY, WORDS

LATER = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)


@pytest.fixture
def earlier_course(provider, ct):
    return approved_course(
        provider=provider, competency_set=ct, title="Library Desk Skills", on=date(2026, 1, 5)
    )


def _with_deadline(application):
    application.program.time_zone = "Pacific/Auckland"
    application.program.save(update_fields=["time_zone"])
    application.completion_deadline = DEADLINE
    application.save(update_fields=["completion_deadline"])
    return application


@pytest.fixture
def on_course(lsscp, earlier_course):
    return _with_deadline(enrol(lsscp, email="dana@example.org", names=earlier_course))


def _record(application, course):
    return services.completion_record(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=application.candidate,
        course=course,
        completed_on=date(2026, 11, 20),
        certificate=pdf_upload(),
    )


def test_a_completion_is_recorded_on_the_deadline_day_not_the_next(on_course, earlier_course, at):
    at(LAST_MINUTE)
    assert _record(on_course, earlier_course).status == CourseCompletion.Status.PENDING
    CourseCompletion.objects.all().delete()
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        _record(on_course, earlier_course)


def test_the_page_and_the_api_refuse_a_completion_in_the_same_words(
    on_course, earlier_course, at, client
):
    at(NEXT_DAY)
    planned = on_course.planned_sets.get(competency_set__code="CT")
    fields = {"course": earlier_course.pk, "completed_on": "2026-11-20"}
    client.force_login(on_course.candidate)
    page = client.post(
        reverse("courses:course_completion", args=[planned.pk]),
        {**fields, "certificate": pdf_upload()},
    )
    assert page.status_code == 400
    assert WORDS in page.text
    api = client.post(
        f"/api/v1/plan/courses/sets/{planned.pk}/completions",
        {"course_id": earlier_course.pk, "completed_on": "2026-11-20", "certificate": pdf_upload()},
    )
    assert (api.status_code, api.json()["detail"]) == (400, WORDS)
    assert not CourseCompletion.objects.exists()
    planned.refresh_from_db()
    assert planned.status == planned.Status.NOT_STARTED


def test_a_program_claim_is_refused_after_the_deadline_by_the_page_and_the_api(
    lsscp, staff, at, client
):
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        starts_on=date(2020, 1, 1),
        competency_sets=list(lsscp.competency_sets.filter(code__in=["FLS"])),
    )
    graduate = _with_deadline(
        enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    )
    planned = graduate.planned_sets.get(competency_set__code="FLS")
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        services.claim_submit(
            planned=planned,
            actor=graduate.candidate,
            programme=programme,
            graduated_on=date(2025, 6, 1),
            proof=pdf_upload("diploma.pdf"),
        )
    client.force_login(graduate.candidate)
    fields = {"programme": programme.pk, "graduated_on": "2025-06-01"}
    page = client.post(
        reverse("courses:programme_claim", args=[planned.pk]),
        {**fields, "proof": pdf_upload("diploma.pdf")},
    )
    assert (page.status_code, WORDS in page.text) == (400, True)
    api = client.post(
        f"/api/v1/plan/courses/sets/{planned.pk}/programme-claims",
        {
            "programme_id": programme.pk,
            "graduated_on": "2025-06-01",
            "proof": pdf_upload("diploma.pdf"),
        },
    )
    assert (api.status_code, api.json()["detail"]) == (400, WORDS)
    assert not ProgrammeClaim.objects.exists()


def _report(course, application, provider_user, completed_on):
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=2,
                email=application.candidate.email,
                full_name=application.candidate.full_name,
                completed_on=completed_on,
            )
        ],
        actor=provider_user,
    )
    return CourseCompletion.objects.get(application=application)


def test_a_providers_completion_dated_by_the_deadline_counts_when_reported_after_it(
    on_course, earlier_course, provider_user, at
):
    at(LATER)
    completion = _report(earlier_course, on_course, provider_user, "2026-12-01")
    assert completion.status == CourseCompletion.Status.CONFIRMED
    assert completion.applied_at is not None
    assert on_course.planned_sets.get(competency_set__code="CT").is_satisfied


def test_a_completion_dated_after_the_deadline_counts_once_an_extension_covers_it(
    on_course, earlier_course, provider_user, staff, at
):
    at(LATER)
    completion = _report(earlier_course, on_course, provider_user, "2026-12-02")
    assert completion.status == CourseCompletion.Status.CONFIRMED  # the provider's word stays
    assert completion.applied_at is None
    assert not on_course.planned_sets.get(competency_set__code="CT").is_satisfied
    with pytest.raises(DomainError) as refused:
        services.completion_apply(completion=completion, actor=on_course.candidate)
    assert refused.value.message == (
        "You completed “Library Desk Skills” on December 2, 2026, after your deadline. " + WORDS
    )
    deadline_extend(
        application=on_course, actor=staff, new_deadline=date(2027, 3, 1), reason="Illness"
    )
    services.completion_apply(completion=completion, actor=on_course.candidate)
    assert on_course.planned_sets.get(competency_set__code="CT").is_satisfied
