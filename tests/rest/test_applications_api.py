from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from tests.conftest import count_queries
from tests.days import InDays, dated
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

ENTRY = {
    "library_name": "Riverside Public Library",
    "library_type": "public",
    "role": "Circulation assistant",
    "start_date": InDays(-(52 * 7 - 1)),
    "hours_mode": "weekly",
    "hours_per_week": "35",
}


@pytest.fixture
def candidate_client(client, candidate):
    client.force_login(candidate)
    return client


def test_a_candidate_applies_through_the_api(candidate_client, lsscp, staff, client):
    api = candidate_client
    body = api.post("/api/v1/applications", {"program": "lsscp"}, content_type="application/json")
    assert body.status_code == 201
    pk = body.json()["id"]
    assert body.json()["status"] == "draft"

    problems = api.post(f"/api/v1/applications/{pk}/submit").json()
    assert "Add at least one library job or volunteer role." in problems["problems"]

    api.patch(
        f"/api/v1/applications/{pk}",
        {"education_level": "diploma", "attested": True},
        content_type="application/json",
    )
    entry = api.post(
        f"/api/v1/applications/{pk}/experience",
        dated(ENTRY, iso=True),
        content_type="application/json",
    )
    assert entry.status_code == 201
    preview = api.get(f"/api/v1/applications/{pk}/eligibility").json()
    assert preview["meets_hours"] is True
    assert preview["summary"].startswith("1,820 of the 1,820 hours needed between")

    submitted = api.post(f"/api/v1/applications/{pk}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["eligible_hours"] == "1820.00"

    api.force_login(staff)
    queue = api.get("/api/v1/staff/applications").json()
    assert [a["id"] for a in queue["items"]] == [pk]
    decided = api.post(
        f"/api/v1/staff/applications/{pk}/decision",
        {"decision": "accept"},
        content_type="application/json",
    )
    assert decided.json()["status"] == "accepted"
    assert decided.json()["completion_deadline"]


def test_bad_input_names_the_field(candidate_client, lsscp):
    pk = candidate_client.post(
        "/api/v1/applications", {"program": "lsscp"}, content_type="application/json"
    ).json()["id"]
    response = candidate_client.post(
        f"/api/v1/applications/{pk}/experience",
        dated({**ENTRY, "hours_per_week": "-3"}, iso=True),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "hours_per_week" in str(response.json())
    response = candidate_client.post(
        f"/api/v1/applications/{pk}/experience",
        dated({**ENTRY, "library_type": "bookshop"}, iso=True),
        content_type="application/json",
    )
    # not one of the program's kinds: the service refuses it, beside its field
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "library_type": "Choose the type of library from the list."
    }


def test_a_reason_is_required_to_reject(client, lsscp, staff):
    app = ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    client.force_login(staff)
    response = client.post(
        f"/api/v1/staff/applications/{app.pk}/decision",
        {"decision": "reject"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"


def test_anonymous_requests_are_401(client, lsscp):
    app = ApplicationFactory(program=lsscp)
    assert client.get("/api/v1/applications/mine").status_code == 401
    assert client.get(f"/api/v1/applications/{app.pk}").status_code == 401
    assert client.get("/api/v1/staff/applications").status_code == 401


def _as_unknown(response, unknown):
    """The same answer an unknown id gets: status and body (but the path it names)."""
    assert response.status_code == unknown.status_code == 404
    body, other = response.json(), unknown.json()
    assert body.pop("instance") != other.pop("instance")
    assert body == other


def test_another_candidates_application_answers_as_an_unknown_id(client, lsscp):
    """404 with the same body, so the answer does not say that the id exists; and nothing is
    changed. Program staff, who know of it, still get 403 where they may not act."""
    app = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=app)
    unknown = Application.objects.order_by("-pk").first().pk + 1000
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    for tail in ("", "/eligibility"):
        _as_unknown(
            client.get(f"/api/v1/applications/{app.pk}{tail}"),
            client.get(f"/api/v1/applications/{unknown}{tail}"),
        )
    patch = {"attested": False}
    _as_unknown(
        client.patch(f"/api/v1/applications/{app.pk}", patch, content_type="application/json"),
        client.patch(f"/api/v1/applications/{unknown}", patch, content_type="application/json"),
    )
    _as_unknown(
        client.post(f"/api/v1/applications/{app.pk}/submit"),
        client.post(f"/api/v1/applications/{unknown}/submit"),
    )
    _as_unknown(
        client.post(f"/api/v1/appeals/applications/{app.pk}"),
        client.post(f"/api/v1/appeals/applications/{unknown}"),
    )
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT
    for role in ("reviewer", "provider", "sponsor"):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(f"/api/v1/applications/{app.pk}").status_code == 404
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert client.post(f"/api/v1/applications/{app.pk}/submit").status_code == 403


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_staff_endpoints_are_refused_to_others(db, lsscp, client_as, role):
    app = ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    client = client_as(role)
    assert client.get("/api/v1/staff/applications").status_code == 403
    assert (
        client.post(
            f"/api/v1/staff/applications/{app.pk}/decision",
            {"decision": "accept"},
            content_type="application/json",
        ).status_code
        == 403
    )


@pytest.mark.parametrize("role", ["reviewer", "provider", "sponsor"])
def test_only_candidates_start_applications(db, lsscp, client_as, role):
    response = client_as(role).post(
        "/api/v1/applications", {"program": "lsscp"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_staff_queue_query_count_does_not_grow(client, lsscp, staff):
    client.force_login(staff)
    ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    few = count_queries(lambda: client.get("/api/v1/staff/applications"))
    for _ in range(10):
        ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    assert count_queries(lambda: client.get("/api/v1/staff/applications")) == few


def test_my_applications_query_count_does_not_grow(candidate_client, candidate, lsscp):
    from tests.factories import ProgramFactory

    ApplicationFactory(candidate=candidate, program=lsscp)
    few = count_queries(lambda: candidate_client.get("/api/v1/applications/mine"))
    for _ in range(4):
        ApplicationFactory(candidate=candidate, program=ProgramFactory())
    assert count_queries(lambda: candidate_client.get("/api/v1/applications/mine")) == few


def _in_queue(client, app) -> dict:
    items = client.get("/api/v1/staff/applications").json()["items"]
    return next(item for item in items if item["id"] == app.pk)


def test_a_decision_with_the_submission_seen_is_refused_once_the_candidate_sent_it_again(
    client, lsscp, staff
):
    """`submitted_at_seen` is the `submitted_at` the client read: once the application was sent
    again since, the decision is refused and nothing changes; without it the API decides as
    before (clients written earlier)."""
    app = ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    Application.objects.filter(pk=app.pk).update(submitted_at=timezone.now())
    client.force_login(staff)
    url = f"/api/v1/staff/applications/{app.pk}/decision"
    read = _in_queue(client, app)["submitted_at"]
    Application.objects.filter(pk=app.pk).update(submitted_at=timezone.now() + timedelta(minutes=5))
    body = {"decision": "reject", "reason": "Too few hours.", "submitted_at_seen": read}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert "read it again before you decide" in refused.json()["detail"]
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    now = _in_queue(client, app)["submitted_at"]
    decided = client.post(url, {**body, "submitted_at_seen": now}, content_type="application/json")
    assert decided.json()["status"] == "rejected"


def test_the_staff_queue_marks_a_staff_members_own_application(client, lsscp, staff):
    """Its staff operations refuse them: the list says `own`, with no more queries."""
    dual = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    other = ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED)
    client.force_login(dual)
    few = count_queries(lambda: client.get("/api/v1/staff/applications"))
    own = ApplicationFactory(program=lsscp, status=Application.Status.SUBMITTED, candidate=dual)
    response = client.get("/api/v1/staff/applications")
    marks = {row["id"]: row["own"] for row in response.json()["items"]}
    assert marks == {other.pk: False, own.pk: True}
    assert count_queries(lambda: client.get("/api/v1/staff/applications")) == few
    client.force_login(staff)
    rows = client.get("/api/v1/staff/applications").json()["items"]
    assert not any(row["own"] for row in rows)
