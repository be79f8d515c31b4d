"""The REST API: the public catalogue, provider keys, submissions and completion reports."""

import pytest
from django.utils import timezone

from certify.accounts.api import role_revoke
from certify.accounts.models import Role, RoleAssignment, User
from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import (
    Course,
    CourseCompletion,
    ProviderMembership,
    UnmatchedCompletion,
)
from certify.courses.numbers import candidate_number
from certify.progress.services import plan_ensure, route_choose
from tests.conftest import count_queries
from tests.courses.conftest import approved_course, enrol, full_map, name_in_plan, pdf_upload
from tests.factories import ApplicationFactory, CourseFactory, ProviderFactory, UserFactory


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


# --- The public catalogue ----------------------------------------------------------------------


def test_the_catalogue_is_public_searchable_and_filterable(client, course, tec, provider):
    approved_course(provider=provider, competency_set=tec, title="Library Technology Essentials")
    body = client.get("/api/v1/courses").json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == course.pk)
    assert item["provider"]["name"] == "Northside Community College"
    assert item["competency_set"] == "CT"
    assert item["cost_cents"] == 25000
    assert item["currency"] == "USD"
    assert item["approved_until"] == course.approval_expires_on.isoformat()
    only = client.get("/api/v1/courses", {"set": "TEC", "q": "technology"}).json()
    assert [i["title"] for i in only["items"]] == ["Library Technology Essentials"]
    assert client.get("/api/v1/courses", {"format": "radio"}).status_code == 400
    detail = client.get(f"/api/v1/courses/{course.pk}").json()
    assert len(detail["map"]) == course.competency_set.competencies.count()


def test_a_course_not_in_the_catalogue_is_404(client, provider, ct):
    draft = CourseFactory(provider=provider, competency_set=ct)
    response = client.get(f"/api/v1/courses/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "This course is not in the catalog."


def test_the_catalogue_api_keeps_a_fixed_number_of_queries(client, course, provider, ct):
    few = count_queries(lambda: client.get("/api/v1/courses"))
    for i in range(5):
        approved_course(provider=ProviderFactory(), competency_set=ct, title=f"Course {i}")
    assert count_queries(lambda: client.get("/api/v1/courses")) == few


def test_the_schema_documents_the_course_endpoints_and_key_auth(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/courses",
        "/api/v1/courses/{course_id}",
        "/api/v1/providers/{provider_id}/courses",
        "/api/v1/providers/{provider_id}/courses/{course_id}/submit",
        "/api/v1/providers/{provider_id}/courses/{course_id}/completions",
        "/api/v1/providers/{provider_id}/completions",
    ):
        assert path in paths, path
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ProviderKeyBearer"]["scheme"] == "bearer"
    assert schemes["ProviderKeyHeader"]["name"] == "X-API-Key"


# --- Provider authentication -------------------------------------------------------------------


def test_a_key_works_as_bearer_or_x_api_key(client, provider, key, course):
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert client.get(url, headers=bearer(key)).json()["count"] == 1
    assert client.get(url, headers={"X-API-Key": key}).json()["count"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer cpk_0000_wrong"},
        {"X-API-Key": "not-a-key"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
)
def test_missing_or_wrong_keys_are_refused(client, provider, key, headers):
    response = client.get(f"/api/v1/providers/{provider.pk}/courses", headers=headers)
    assert response.status_code == 401


def test_a_revoked_key_is_refused(client, provider, provider_user, key):
    services.api_key_revoke(key=provider.api_keys.get(), actor=provider_user)
    response = client.get(f"/api/v1/providers/{provider.pk}/courses", headers=bearer(key))
    assert response.status_code == 401


def test_a_suspended_providers_key_gets_a_403_saying_what_its_people_can_still_do(
    client, provider, key, staff
):
    url = f"/api/v1/providers/{provider.pk}/courses"
    services.provider_approval_suspend(provider=provider, actor=staff, reason="Under review.")
    provider.refresh_from_db()
    response = client.get(url, headers=bearer(key))
    assert response.status_code == 403
    since = f"{provider.approval_stopped_on:%B %-d, %Y}"
    assert response.json()["detail"] == (
        f"Program staff have suspended the approval of {provider.name} since {since}: its API "
        "keys do not work until they reinstate it. Its people can still see its courses and "
        "report completions dated before the suspension, signed in on its pages (one at a time "
        "or with a CSV file)."
    )
    services.provider_approval_revoke(provider=provider, actor=staff, reason="Confirmed.")
    response = client.get(url, headers={"X-API-Key": key})
    assert response.status_code == 403
    assert response.json()["detail"] == (
        f"Program staff have revoked the approval of {provider.name}: its API keys no longer work."
    )


@pytest.mark.parametrize("leaves", ["role", "seat", "account"])
def test_a_key_stops_when_its_maker_no_longer_acts_for_the_provider(
    client, provider, provider_user, key, staff, leaves
):
    """A key is the word of the person who made it and never outranks them: once staff take
    the provider role away, their seat is removed or their account is closed, it is refused."""
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert client.get(url, headers=bearer(key)).status_code == 200
    if leaves == "role":
        role_revoke(user=provider_user, role=Role.PROVIDER, actor=staff, reason="Left.")
    elif leaves == "seat":
        ProviderMembership.objects.filter(user=provider_user).delete()
    else:
        User.objects.filter(pk=provider_user.pk).update(is_active=False)
    response = client.get(url, headers=bearer(key))
    assert response.status_code == 401
    assert "no longer acts for this provider" in response.json()["detail"]


def test_a_key_acts_only_for_its_own_provider(client, other_provider_user, key, course):
    other = other_provider_user.provider_organisations.get()
    response = client.get(f"/api/v1/providers/{other.pk}/courses", headers=bearer(key))
    unknown = client.get("/api/v1/providers/999999/courses", headers=bearer(key))
    # as if the other provider did not exist: a 403 would tell the key's holder it does
    answers = [(r.status_code, {**r.json(), "instance": ""}) for r in (response, unknown)]
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert answers[0][1]["detail"] == "No such provider."


@pytest.mark.parametrize("role", ["candidate", "other_provider", "reviewer", "sponsor"])
def test_signed_in_people_who_do_not_act_for_the_provider_are_refused(
    client, provider, other_provider_user, course, role
):
    today = timezone.localdate().isoformat()
    user = (
        other_provider_user
        if role == "other_provider"
        else UserFactory(
            roles=[
                {"candidate": Role.CANDIDATE, "reviewer": Role.REVIEWER, "sponsor": Role.SPONSOR}[
                    role
                ]
            ]
        )
    )
    client.force_login(user)
    refused = 404 if role == "other_provider" else 403
    for method, url in [
        ("get", f"/api/v1/providers/{provider.pk}/courses"),
        ("get", f"/api/v1/providers/{provider.pk}/courses/{course.pk}"),
        ("post", f"/api/v1/providers/{provider.pk}/courses/{course.pk}/submit"),
        ("get", f"/api/v1/providers/{provider.pk}/completions"),
    ]:
        # another provider's person: as if there were no such provider (a 403 would say the id
        # exists); anyone without the provider role: 403, the same for every id
        # (tests/rest/test_provider_api_roles.py)
        assert getattr(client, method)(url).status_code == refused, url
    response = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": [{"email": "a@example.org", "completed_on": today}]},
        content_type="application/json",
    )
    assert response.status_code == refused


def test_the_providers_staff_may_use_their_session(client, provider, provider_user, course):
    client.force_login(provider_user)
    assert client.get(f"/api/v1/providers/{provider.pk}/courses").json()["count"] == 1


# --- Submissions -------------------------------------------------------------------------------


def test_a_provider_submits_a_course_through_the_api(client, provider, key, ct):
    codes = [c.code for c in ct.competencies.all()]
    payload = {
        "competency_set": "CT",
        "title": "Communicating at the Library Desk",
        "description": "Listening and writing.",
        "format": "online",
        "self_paced": True,
        "cost_cents": 18500,
        "assessments": "Weekly assignments.",
        "instructors": "Maya Torres, MLIS.",
        "map": {code: f"Unit for {code}" for code in codes[:-1]},
    }
    base = f"/api/v1/providers/{provider.pk}/courses"
    created = client.post(base, payload, content_type="application/json", headers=bearer(key))
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["missing"] == [codes[-1]]

    refused = client.post(f"{base}/{body['id']}/submit", headers=bearer(key))
    assert refused.status_code == 400
    problems = refused.json()["problems"]
    assert "Upload the syllabus." in problems
    assert any(codes[-1] in p and "1 not covered yet" in p for p in problems)

    payload["map"][codes[-1]] = "Final unit"
    client.put(
        f"{base}/{body['id']}", payload, content_type="application/json", headers=bearer(key)
    )
    uploaded = client.post(
        f"{base}/{body['id']}/syllabus", {"file": pdf_upload("syllabus.pdf")}, headers=bearer(key)
    )
    assert uploaded.json()["syllabus"] == "syllabus.pdf"
    submitted = client.post(f"{base}/{body['id']}/submit", headers=bearer(key)).json()
    assert submitted["status"] == "submitted"
    assert submitted["fee_invoice"].startswith("LSSCP-")
    assert submitted["fee_invoice_status"] == "open"
    # The key made the move: the history has no person, the audit row names the key.
    from certify.core.models import AuditEvent
    from certify.courses.models import CourseTransition

    move = CourseTransition.objects.get(course_id=body["id"])
    assert (move.from_status, move.to_status, move.actor) == ("draft", "submitted", None)
    event = AuditEvent.objects.get(verb="course.submitted", target_id=str(body["id"]))
    assert (event.data["via"], event.data["api_key"]) == ("api_key", key.split("_")[1])


def test_bad_submissions_name_the_field(client, lsscp, provider, key):
    base = f"/api/v1/providers/{provider.pk}/courses"
    response = client.post(
        base,
        {
            "competency_set": "ZZZ",
            "title": "T",
            "description": "D",
            "format": "online",
            "cost_cents": 0,
            "assessments": "A",
            "instructors": "I",
            "self_paced": True,
        },
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "“ZZZ” is not a competency set of LSSCP."
    response = client.post(
        base,
        {
            "competency_set": "CT",
            "title": "T",
            "description": "D",
            "format": "online",
            "cost_cents": -5,
            "assessments": "A",
            "instructors": "I",
        },
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 422
    assert "cost_cents" in str(response.json())
    response = client.post(
        base,
        {
            "competency_set": "CT",
            "title": "T",
            "description": "D",
            "format": "online",
            "cost_cents": 0,
            "assessments": "A",
            "instructors": "I",
        },
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Give the start date, or say that the course is self-paced."
    assert response.json()["field"] == "start_date"


def test_the_provider_course_list_keeps_a_fixed_number_of_queries(client, provider, key, ct):
    url = f"/api/v1/providers/{provider.pk}/courses"
    full_map(CourseFactory(provider=provider, competency_set=ct))
    client.get(url, headers=bearer(key))  # the key's "last used" is written once a minute
    few = count_queries(lambda: client.get(url, headers=bearer(key)))
    for _ in range(4):
        full_map(CourseFactory(provider=provider, competency_set=ct))
    assert count_queries(lambda: client.get(url, headers=bearer(key))) == few


# --- Completion reports ------------------------------------------------------------------------


def test_completions_are_reported_per_row(client, lsscp, provider, key, course):
    today = timezone.localdate().isoformat()
    ann = enrol(lsscp, email="ann@example.org", name="Ann", names=course)
    ben = enrol(lsscp, email="ben@example.org", name="Ben", names=course)
    url = f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions"
    rows = [
        {"email": "ann@example.org", "full_name": "Ann", "completed_on": today, "reference": "S-1"},
        {"candidate_number": candidate_number(ben), "full_name": "Ben", "completed_on": today},
        {"email": "stranger@example.org", "full_name": "A Stranger", "completed_on": today},
        {"email": "ann@example.org", "full_name": "Ann", "completed_on": "yesterday"},
    ]
    body = client.post(
        url, {"completions": rows}, content_type="application/json", headers=bearer(key)
    ).json()
    assert (body["created"], body["unmatched"], body["error"]) == (2, 1, 1)
    assert [r["result"] for r in body["rows"]] == ["created", "created", "unmatched", "error"]
    assert "“yesterday” is not a date we understand" in body["rows"][3]["message"]
    for application in (ann, ben):
        assert application.planned_sets.get(competency_set__code="CT").is_satisfied
    completion = CourseCompletion.objects.get(application=ann)
    assert completion.source == "provider_api"
    assert completion.api_key == provider.api_keys.get()
    assert UnmatchedCompletion.objects.get().full_name == "A Stranger"

    again = client.post(
        url, {"completions": rows[:1]}, content_type="application/json", headers=bearer(key)
    ).json()
    assert again["rows"][0]["result"] == "duplicate"

    listed = client.get(f"/api/v1/providers/{provider.pk}/completions", headers=bearer(key))
    assert listed.json()["count"] == 2
    bad = client.get(
        f"/api/v1/providers/{provider.pk}/completions", {"status": "maybe"}, headers=bearer(key)
    )
    assert bad.status_code == 400


def test_a_key_does_not_confirm_a_completion_about_the_person_who_made_it(
    client, lsscp, provider, provider_user, key, course
):
    """A key reports for the person who made it: a provider's staff member enrolled as a
    candidate, reporting their own completion with their key, confirms nothing. The row waits
    for a colleague or program staff, as it does when they report it signed in, and they cannot
    confirm it themselves afterwards either."""
    today = timezone.localdate().isoformat()
    own = ApplicationFactory(candidate=provider_user, program=lsscp, status="accepted")
    plan_ensure(application=own)
    planned = own.planned_sets.get(competency_set__code="CT")
    route_choose(planned=planned, actor=provider_user, route="course")
    name_in_plan(own, course)
    row = {
        "email": provider_user.email,
        "full_name": provider_user.full_name,
        "completed_on": today,
    }
    body = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": [row]},
        content_type="application/json",
        headers=bearer(key),
    ).json()
    assert body["created"] == 1
    waiting = CourseCompletion.objects.get(application=own)
    assert (waiting.status, waiting.reported_by) == ("pending", provider_user)
    planned.refresh_from_db()
    assert not planned.is_satisfied
    with pytest.raises(DomainError, match="You cannot decide your own case"):
        services.completion_confirm(completion=waiting, actor=provider_user)


def test_a_report_needs_at_least_one_and_at_most_1000_rows(client, provider, key, course):
    today = timezone.localdate().isoformat()
    url = f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions"
    empty = client.post(
        url, {"completions": []}, content_type="application/json", headers=bearer(key)
    )
    assert empty.status_code == 422
    many = [{"email": f"p{i}@example.org", "completed_on": today} for i in range(1001)]
    response = client.post(
        url, {"completions": many}, content_type="application/json", headers=bearer(key)
    )
    assert response.status_code == 422


def test_another_providers_course_is_404_for_a_key(client, provider, key, other_provider_user, ct):
    today = timezone.localdate().isoformat()
    other = other_provider_user.provider_organisations.get()
    theirs = approved_course(provider=other, competency_set=ct)
    response = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{theirs.pk}/completions",
        {"completions": [{"email": "a@example.org", "completed_on": today}]},
        content_type="application/json",
        headers=bearer(key),
    )
    assert response.status_code == 404


def test_the_completion_list_keeps_a_fixed_number_of_queries(client, lsscp, provider, key, course):
    today = timezone.localdate().isoformat()
    url = f"/api/v1/providers/{provider.pk}/completions"

    def report(n, start):
        rows = []
        for i in range(start, start + n):
            enrol(lsscp, email=f"c{i}@example.org", name=f"C {i}", names=course)
            rows.append(
                {"email": f"c{i}@example.org", "full_name": f"C {i}", "completed_on": today}
            )
        client.post(
            f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
            {"completions": rows},
            content_type="application/json",
            headers=bearer(key),
        )

    report(1, 0)
    few = count_queries(lambda: client.get(url, headers=bearer(key)))
    report(4, 1)
    assert count_queries(lambda: client.get(url, headers=bearer(key))) == few
    assert Course.objects.get(pk=course.pk).completions.count() == 5


def test_a_key_made_before_its_maker_turned_on_two_factor_is_refused(
    client, provider, provider_user
):
    """The same two-factor rule as signing in and as personal tokens (ADR 0023): with 2FA on,
    a key made with a password alone (perhaps by whoever had the password) no longer works; one
    made with 2FA on does."""
    from allauth.mfa.models import Authenticator

    _key, old = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert client.get(url, headers=bearer(old)).status_code == 200
    Authenticator.objects.create(user=provider_user, type=Authenticator.Type.TOTP, data={})
    response = client.get(url, headers=bearer(old))
    assert response.status_code == 401
    assert "made before its maker turned on two-factor" in response.json()["detail"]
    _key, new = services.api_key_create(provider=provider, actor=provider_user, name="LMS 2")
    assert client.get(url, headers=bearer(new)).status_code == 200


def test_a_key_stops_while_its_makers_roles_need_two_factor_and_it_is_off(
    client, provider, provider_user, settings
):
    """Whoever's roles need 2FA cannot sign in without it, so their key waits for it too."""
    from allauth.mfa.models import Authenticator

    settings.MFA_REQUIRED_ROLES = ("program_staff", "reviewer")
    _key, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert client.get(url, headers=bearer(raw)).status_code == 200
    RoleAssignment.objects.create(user=provider_user, role=Role.REVIEWER)
    response = client.get(url, headers=bearer(raw))
    assert response.status_code == 401
    assert "needs two-factor authentication" in response.json()["detail"]
    Authenticator.objects.create(user=provider_user, type=Authenticator.Type.TOTP, data={})
    assert "made before" in client.get(url, headers=bearer(raw)).json()["detail"]
