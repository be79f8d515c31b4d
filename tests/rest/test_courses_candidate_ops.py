"""The candidate's course steps through the API (/plan/courses): the same services and checks
as the plan's pages; only their own plan, completions and invitations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.courses import services
from certify.courses.models import CourseCompletion, ProgrammeClaim, ProviderConsent
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    approved_course,
    course,
    ct,
    enrol,
    enrolled,
    pdf_upload,
    planned,
    provider,
    provider_user,
)
from tests.factories import UserFactory

API = "/api/v1/plan/courses"


def _record(client, planned, **fields):  # noqa: F811
    return client.post(f"{API}/sets/{planned.pk}/completions", fields)


def test_a_completion_is_recorded_once_with_the_forms_words_for_what_is_missing(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
):
    today = timezone.localdate()
    client.force_login(planned.application.candidate)
    on = (today - timedelta(days=10)).isoformat()
    no_date = _record(client, planned, course_id=course.pk, certificate=pdf_upload())
    assert no_date.status_code == 400
    assert (no_date.json()["field"], no_date.json()["detail"]) == (
        "completed_on",
        "Enter the completion date.",
    )
    no_course = _record(client, planned, completed_on=on, certificate=pdf_upload())
    assert (no_course.json()["field"], no_course.json()["detail"]) == (
        "course",
        "Choose the course you completed.",
    )
    no_file = _record(client, planned, course_id=course.pk, completed_on=on)
    assert no_file.json()["field"] == "certificate"
    done = _record(client, planned, course_id=course.pk, completed_on=on, certificate=pdf_upload())
    assert done.status_code == 201, done.text
    assert done.json()["status"] == "pending"
    again = _record(client, planned, course_id=course.pk, completed_on=on, certificate=pdf_upload())
    assert (again.status_code, again.json()["field"]) == (400, "course")
    assert CourseCompletion.objects.filter(application=planned.application).count() == 1


@pytest.mark.parametrize("who", ["anonymous", "other_candidate", "provider"])
def test_others_are_refused_the_candidates_plan(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
    provider_user,  # noqa: F811
    who,
):
    today = timezone.localdate()
    if who == "other_candidate":
        client.force_login(enrol(planned.application.program, email="x@example.org").candidate)
    elif who == "provider":
        client.force_login(provider_user)
    answers = [
        _record(client, planned, course_id=course.pk, completed_on=str(today)),
        client.put(
            f"{API}/sets/{planned.pk}/course",
            {"course_id": course.pk},
            content_type="application/json",
        ),
    ]
    # Another candidate's set answers as an unknown id; a provider is refused as a role.
    expected = {"anonymous": 401, "other_candidate": 404, "provider": 403}[who]
    assert [a.status_code for a in answers] == [expected, expected]
    assert not ProviderConsent.objects.exists()
    assert not CourseCompletion.objects.exists()


def test_naming_the_course_twice_keeps_one_consent(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
):
    client.force_login(planned.application.candidate)
    url = f"{API}/sets/{planned.pk}/course"
    empty = client.put(url, {}, content_type="application/json")
    assert (empty.status_code, empty.json()["field"]) == (400, "course")
    ids = set()
    for _ in range(2):
        named = client.put(url, {"course_id": course.pk}, content_type="application/json")
        assert named.status_code == 200, named.text
        assert named.json()["status"] == "accepted"
        ids.add(named.json()["id"])
    assert len(ids) == 1
    assert ProviderConsent.objects.filter(application=planned.application).count() == 1


def test_an_invitation_is_accepted_once_and_only_by_its_candidate(
    client,
    enrolled,  # noqa: F811
    course,  # noqa: F811
    provider_user,  # noqa: F811
):
    services.consent_invite(
        provider=course.provider, course=course, actor=provider_user, who="dana@example.org"
    )
    consent = ProviderConsent.objects.get()
    url = f"{API}/providers/{consent.pk}/decision"
    client.force_login(UserFactory(roles=["candidate"]))
    # another candidate's invitation answers as an unknown id
    assert client.post(url, {"move": "accept"}, content_type="application/json").status_code == 404
    client.force_login(enrolled.candidate)
    accepted = client.post(url, {"move": "accept"}, content_type="application/json")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert client.post(url, {"move": "accept"}, content_type="application/json").status_code == 400
    consent.refresh_from_db()
    assert consent.status == ProviderConsent.Status.ACCEPTED


def _awaiting(lsscp, provider, provider_user):  # noqa: F811
    """A completion reported by the provider for a candidate who accepted its invitation for
    an elective not in their plan: it waits for their answer."""
    today = timezone.localdate()
    ref = lsscp.competency_sets.get(code="REF")
    the_course = approved_course(provider=provider, competency_set=ref)
    application = enrol(lsscp, sets=(), email="sam@example.org")
    services.consent_invite(
        provider=provider, course=the_course, actor=provider_user, who="sam@example.org"
    )
    consent = ProviderConsent.objects.get(application=application)
    services.consent_decide(consent=consent, actor=application.candidate, move="accept")
    row = services.ReportRow(
        line=1,
        email="sam@example.org",
        full_name=application.candidate.full_name,
        completed_on=str(today),
    )
    services.completions_report(course=the_course, rows=[row], actor=provider_user)
    return CourseCompletion.objects.get(application=application)


def test_a_completion_not_expected_is_answered_once_and_applied_once_chosen(
    client,
    lsscp,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    completion = _awaiting(lsscp, provider, provider_user)
    candidate = completion.candidate
    client.force_login(candidate)
    url = f"{API}/completions/{completion.pk}/answer"
    empty = client.post(url, {}, content_type="application/json")
    assert (empty.status_code, empty.json()["field"]) == (400, "answer")
    yes = client.post(url, {"answer": "yes"}, content_type="application/json")
    assert yes.status_code == 200, yes.text
    assert yes.json()["status"] == "confirmed"
    assert client.post(url, {"answer": "no"}, content_type="application/json").status_code == 400

    apply = f"{API}/completions/{completion.pk}/apply"
    not_chosen = client.post(apply)
    assert not_chosen.status_code == 400
    assert "choose it as an elective first" in not_chosen.json()["detail"]
    from certify.progress.services import electives_choose

    electives_choose(
        application=completion.application, actor=candidate, set_codes=["REF", "CAT", "YTH"]
    )
    applied = client.post(apply)
    assert applied.status_code == 200, applied.text
    assert applied.json() == {"competency_set": "REF", "complete": True}
    ref = completion.application.planned_sets.get(competency_set__code="REF")
    assert ref.is_satisfied
    again = client.post(apply)  # applying again leaves the set as it was
    assert again.status_code == 200
    ref_again = completion.application.planned_sets.get(competency_set__code="REF")
    assert ref_again.satisfied_at == ref.satisfied_at
    client.force_login(UserFactory(roles=["candidate"]))
    assert client.post(apply).status_code == 404  # another candidate's: as an unknown id


def test_a_graduate_claims_a_recognized_program_once(client, lsscp, staff):
    today = timezone.localdate()
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        starts_on=today - timedelta(days=365 * 5),
        competency_sets=list(lsscp.competency_sets.filter(code__in=["FLS"])),
    )
    graduate = enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    planned_fls = graduate.planned_sets.get(competency_set__code="FLS")
    client.force_login(graduate.candidate)
    url = f"{API}/sets/{planned_fls.pk}/programme-claims"
    on = (today - timedelta(days=200)).isoformat()
    no_date = client.post(url, {"programme_id": programme.pk, "proof": pdf_upload("d.pdf")})
    assert (no_date.json()["field"], no_date.json()["detail"]) == (
        "graduated_on",
        "Enter the graduation date.",
    )
    body = {"programme_id": programme.pk, "graduated_on": on}
    made = client.post(url, {**body, "proof": pdf_upload("d.pdf")})
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "pending"
    again = client.post(url, {**body, "proof": pdf_upload("d.pdf")})
    assert (again.status_code, again.json()["field"]) == (400, "programme")
    assert ProgrammeClaim.objects.count() == 1
