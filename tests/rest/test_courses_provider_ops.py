"""The provider's page actions through the API: the map line by line, withdrawal, completion
decisions, invitations and key revocation; each through the page's service and checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import ColleagueInvitation
from certify.courses import services
from certify.courses.models import Course, CourseCompletion, ProviderConsent
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    course,
    ct,
    enrolled,
    other_provider_user,
    pdf_upload,
    planned,
    provider,
    provider_user,
)
from tests.factories import CourseFactory


@pytest.fixture
def key(provider, provider_user):  # noqa: F811
    return services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def _recorded(planned, course):  # noqa: F811
    today = timezone.localdate()
    return services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=today - timedelta(days=10),
        certificate=pdf_upload(),
    )


def test_a_map_line_is_saved_by_key_and_the_same_text_again_changes_nothing(
    client,
    provider,  # noqa: F811
    ct,  # noqa: F811
    key,
):
    draft = CourseFactory(provider=provider, competency_set=ct)
    code = ct.competencies.order_by("order").first().code
    url = f"/api/v1/providers/{provider.pk}/courses/{draft.pk}/map/{code}"
    for _ in range(2):
        answer = client.put(
            url, {"content": "Module 1"}, content_type="application/json", headers=bearer(key)
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["map"] == {code: "Module 1"}
    assert draft.mappings.count() == 1
    wrong = client.put(
        f"/api/v1/providers/{provider.pk}/courses/{draft.pk}/map/TEC-1",
        {"content": "x"},
        content_type="application/json",
        headers=bearer(key),
    )
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "competency"


def test_another_providers_staff_and_keys_are_refused(
    client,
    course,  # noqa: F811
    provider,  # noqa: F811
    other_provider_user,  # noqa: F811
):
    other = other_provider_user.provider_memberships.get().provider
    other_key = services.api_key_create(provider=other, actor=other_provider_user, name="x")[1]
    url = f"/api/v1/providers/{provider.pk}/courses/{course.pk}/withdraw"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=bearer(other_key)).status_code == 404  # as an unknown provider
    client.force_login(other_provider_user)
    assert client.post(url).status_code == 404
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED


def test_a_draft_is_withdrawn_once_and_an_approved_course_not_at_all(
    client,
    course,  # noqa: F811
    provider,  # noqa: F811
    ct,  # noqa: F811
    key,
):
    approved = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/withdraw", headers=bearer(key)
    )
    assert approved.status_code == 400
    draft = CourseFactory(provider=provider, competency_set=ct)
    url = f"/api/v1/providers/{provider.pk}/courses/{draft.pk}/withdraw"
    first = client.post(url, headers=bearer(key))
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "withdrawn"
    assert client.post(url, headers=bearer(key)).status_code == 400


def test_the_provider_decides_a_completion_once_and_a_key_may_not(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    key,
):
    completion = _recorded(planned, course)
    url = f"/api/v1/providers/{provider.pk}/completions/{completion.pk}/decision"
    by_key = client.post(
        url, {"decision": "confirm"}, content_type="application/json", headers=bearer(key)
    )
    assert by_key.status_code == 403
    assert "An API key cannot decide a completion" in by_key.json()["detail"]
    client.force_login(provider_user)
    empty = client.post(url, {}, content_type="application/json")
    assert (empty.status_code, empty.json()["field"]) == (400, "decision")
    assert empty.json()["detail"] == "Choose confirm or do not confirm."
    no_reason = client.post(url, {"decision": "reject"}, content_type="application/json")
    assert no_reason.status_code == 400
    done = client.post(url, {"decision": "confirm"}, content_type="application/json")
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["done"]) == ("confirmed", "confirmed")
    planned.refresh_from_db()
    assert planned.is_satisfied
    again = client.post(
        url, {"decision": "reject", "reason": "No."}, content_type="application/json"
    )
    assert again.status_code == 400
    completion.refresh_from_db()
    assert completion.status == CourseCompletion.Status.CONFIRMED


def test_a_completion_of_another_providers_course_is_404(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
    other_provider_user,  # noqa: F811
):
    completion = _recorded(planned, course)
    other = other_provider_user.provider_memberships.get().provider
    client.force_login(other_provider_user)
    answer = client.post(
        f"/api/v1/providers/{other.pk}/completions/{completion.pk}/decision",
        {"decision": "confirm"},
        content_type="application/json",
    )
    assert answer.status_code == 404


def test_a_colleague_is_invited_and_a_second_call_replaces_the_first(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    key,
):
    url = f"/api/v1/providers/{provider.pk}/colleagues"
    body = {"email": "sam.lee@northside.example.edu"}
    assert (
        client.post(url, body, content_type="application/json", headers=bearer(key)).status_code
        == 403
    )
    client.force_login(provider_user)
    for _ in range(2):
        sent = client.post(url, body, content_type="application/json")
        assert sent.status_code == 201, sent.text
        assert sent.json()["message"].startswith("We sent an invitation to sam.lee@")
    pending = ColleagueInvitation.objects.filter(email="sam.lee@northside.example.edu")
    assert pending.filter(status="pending").count() == 1
    assert pending.count() == 2


def test_a_candidate_is_invited_to_give_consent_once(
    client,
    course,  # noqa: F811
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    enrolled,  # noqa: F811
):
    client.force_login(provider_user)
    url = f"/api/v1/providers/{provider.pk}/invitations"
    no_course = client.post(url, {"who": "dana@example.org"}, content_type="application/json")
    assert (no_course.status_code, no_course.json()["field"]) == (400, "course")
    nobody = client.post(url, {"course_id": course.pk}, content_type="application/json")
    assert nobody.json()["field"] == "who"
    body = {"course_id": course.pk, "who": "dana@example.org"}
    for _ in range(2):
        assert client.post(url, body, content_type="application/json").status_code == 201
    assert ProviderConsent.objects.filter(course=course, source="invitation").count() == 1


def test_a_key_is_revoked_by_a_person_once(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    key,
):
    stored = provider.api_keys.get()
    url = f"/api/v1/providers/{provider.pk}/api-keys/{stored.pk}/revoke"
    assert client.post(url, headers=bearer(key)).status_code == 403
    client.force_login(provider_user)
    first = client.post(url)
    assert first.status_code == 200, first.text
    assert first.json()["revoked"] is True
    assert client.post(url).status_code == 400
    client.logout()
    assert (
        client.get(f"/api/v1/providers/{provider.pk}/courses", headers=bearer(key)).status_code
        == 401
    )
