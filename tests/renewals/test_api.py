"""REST: the CE log, renewal status and applying to renew (token scope "renewals" or session)."""

from datetime import timedelta

from django.utils import timezone

from certify.accounts.tokens import token_create
from certify.renewals.models import CeActivity
from tests.conftest import count_queries
from tests.renewals.conftest import certificate_per_module, holder_with_certificate, log

# The certificate is built once for this module's tests, which change it only in the database
# (each test's savepoint is rolled back): tests/shared.py.
program, today, certificate = certificate_per_module()


def body(**changes):
    data = {
        "title": "Cybersecurity for libraries",
        "provider": "WebJunction",
        "completed_on": timezone.localdate().isoformat(),
        "format": "hours",
        "amount": "4",
        "competency_sets": ["TEC"],
    }
    data.update(changes)
    return data


def bearer(user, scopes):
    return {
        "HTTP_AUTHORIZATION": "Bearer " + token_create(user=user, name="t", scopes=scopes).secret
    }


def test_anonymous_callers_are_refused(client, program):
    assert client.get("/api/v1/renewals/status").status_code == 401
    assert (
        client.post(
            "/api/v1/renewals/activities", body(), content_type="application/json"
        ).status_code
        == 401
    )


def test_a_token_without_the_scope_is_refused(client, certificate):
    headers = bearer(certificate.holder, ["applications"])
    response = client.get("/api/v1/renewals/status", **headers)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_log_through_the_api(client, certificate):
    headers = bearer(certificate.holder, ["renewals"])
    made = client.post(
        "/api/v1/renewals/activities", body(), content_type="application/json", **headers
    )
    assert made.status_code == 201, made.text
    data = made.json()
    assert (data["hours"], data["competency_sets"][0]["code"]) == ("4.00", "TEC")
    pk = data["id"]
    changed = client.put(
        f"/api/v1/renewals/activities/{pk}",
        body(format="semester", amount="1", competency_sets=[]),
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    # Tied to no competency set: kept, converted, but its hours do not count, and it says why.
    assert (changed.json()["hours"], changed.json()["counts"]) == ("15.00", False)
    assert changed.json()["not_counted_reason"] == (
        "Not tied to a competency set: choose the sets it covers to count its hours."
    )
    listed = client.get("/api/v1/renewals/activities", **headers).json()
    assert listed["count"] == 1
    assert listed["items"][0]["counts"] is False
    status = client.get("/api/v1/renewals/status", **headers).json()
    assert status["phase"] == "window"
    progress = status["progress"]
    assert (progress["hours"], progress["remaining_hours"]) == ("0", "32")
    assert (progress["not_counted_untied"], progress["not_counted_untied_hours"]) == (1, "15.00")
    tied = client.put(
        f"/api/v1/renewals/activities/{pk}",
        body(format="semester", amount="1", competency_sets=["FLS"]),
        content_type="application/json",
        **headers,
    ).json()
    assert (tied["counts"], tied["not_counted_reason"]) == (True, "")
    status = client.get("/api/v1/renewals/status", **headers).json()
    assert status["progress"]["hours"] == "15.00"
    assert status["progress"]["not_counted_untied"] == 0
    assert status["can_apply"] is False
    refused = client.post("/api/v1/renewals/submit", **headers)
    assert refused.status_code == 400
    assert "Not yet" in refused.json()["detail"]
    bad = client.post(
        "/api/v1/renewals/activities",
        body(competency_sets=["XYZ"]),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "competency_sets"
    assert client.delete(f"/api/v1/renewals/activities/{pk}", **headers).status_code == 204
    assert not CeActivity.objects.exists()


def test_submit_through_the_api(client, certificate, program):
    log(certificate.holder, program=program, on=timezone.localdate())
    client.force_login(certificate.holder)
    response = client.post("/api/v1/renewals/submit")
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "submitted"
    assert data["invoice_balance_cents"] == 15000
    assert client.get("/api/v1/renewals/status").json()["renewal"]["id"] == data["id"]


def test_someone_elses_activity_is_not_found(client, certificate, program):
    activity = log(certificate.holder, program=program, on=timezone.localdate())[0]
    other = holder_with_certificate(program, issued_on=timezone.localdate(), name="Other")
    client.force_login(other.holder)
    url = f"/api/v1/renewals/activities/{activity.pk}"
    assert client.put(url, body(), content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404


def test_without_a_certificate_there_is_nothing_to_renew(client, candidate, program):
    client.force_login(candidate)
    assert client.get("/api/v1/renewals/status").json()["phase"] == "none"
    response = client.post("/api/v1/renewals/activities", body(), content_type="application/json")
    assert response.status_code == 403


def test_the_list_keeps_its_query_count(client, certificate, program):
    client.force_login(certificate.holder)
    log(certificate.holder, program=program, on=timezone.localdate())
    client.get("/api/v1/renewals/activities")
    before = count_queries(lambda: client.get("/api/v1/renewals/activities"))
    for days in range(1, 4):  # the same activity on the same day counts once: other days
        log(certificate.holder, program=program, on=timezone.localdate() - timedelta(days=days))
    assert client.get("/api/v1/renewals/activities").json()["count"] == 8
    assert count_queries(lambda: client.get("/api/v1/renewals/activities")) == before
