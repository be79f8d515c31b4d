"""One error format (RFC 9457), personal access tokens with scopes, rate limits."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import PersonalAccessToken, Role
from certify.accounts.tokens import token_create, token_revoke
from certify.core.errors import DomainError
from tests.factories import ApplicationFactory, UserFactory

PROBLEM = "application/problem+json"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def mine(lsscp, candidate):
    return ApplicationFactory(candidate=candidate, program=lsscp)


def _is_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    return body


def test_every_failure_is_a_problem_document(client, mine, candidate):
    _is_problem(client.get("/api/v1/programs/nope"), 404)
    body = _is_problem(client.get("/api/v1/applications/mine"), 401)
    assert "Bearer" in body["detail"]
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    _is_problem(client.get(f"/api/v1/applications/{mine.pk}"), 404)  # as an unknown id
    client.force_login(candidate)
    body = _is_problem(
        client.post(
            f"/api/v1/applications/{mine.pk}/experience",
            {"library_name": ""},
            content_type="application/json",
        ),
        422,
    )
    assert {e["field"] for e in body["errors"]} == {"library_type"}  # not a value it knows
    # values left out are the service's to refuse, in the form's words (one validation)
    body = _is_problem(
        client.post(
            f"/api/v1/applications/{mine.pk}/experience",
            {"library_name": "", "library_type": "public"},
            content_type="application/json",
        ),
        400,
    )
    assert {"library_name", "role", "start_date"} <= set(body["fields"])
    body = _is_problem(client.post(f"/api/v1/applications/{mine.pk}/submit"), 400)
    assert body["type"] == "/api/v1/problems/rule"
    assert "problems" in body


def test_a_token_works_as_its_owner_with_its_scope(client, mine, candidate):
    created = token_create(user=candidate, name="My app", scopes=["applications"], days=30)
    assert created.secret.startswith("cert_")
    assert created.token.hashed != created.secret  # only the hash is stored
    response = client.get("/api/v1/applications/mine", headers=bearer(created.secret))
    assert response.status_code == 200
    assert [a["id"] for a in response.json()] == [mine.pk]
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("missing", 401, "Sign in"),
        ("wrong", 401, "not valid"),
        ("garbage", 401, "not a Certify API token"),
        ("expired", 401, "expired"),
        ("revoked", 401, "revoked"),
        ("scope", 403, "does not allow “applications”"),
        ("closed", 401, "closed"),
    ],
)
def test_bad_tokens_are_refused(client, mine, candidate, case, status, message):
    created = token_create(
        user=candidate, name="t", scopes=["portfolios"] if case == "scope" else ["applications"]
    )
    secret = created.secret
    if case == "wrong":
        secret = secret[:-4] + "abcd"
    elif case == "garbage":
        secret = "hello"
    elif case == "expired":
        PersonalAccessToken.objects.filter(pk=created.token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif case == "revoked":
        token_revoke(token=created.token, actor=candidate)
    elif case == "closed":
        candidate.is_active = False
        candidate.save()
    headers = {} if case == "missing" else bearer(secret)
    body = _is_problem(client.get("/api/v1/applications/mine", headers=headers), status)
    assert message in body["detail"]


def test_a_staff_scope_needs_a_staff_member(candidate, staff):
    with pytest.raises(DomainError, match="Only program staff"):
        token_create(user=candidate, name="x", scopes=["staff"])
    assert token_create(user=staff, name="x", scopes=["staff"]).token.scopes == ["staff"]


def test_a_staff_token_decides_and_a_candidate_token_cannot(client, lsscp, staff, candidate):
    app = ApplicationFactory(program=lsscp, status="submitted")
    mine_token = token_create(user=candidate, name="x", scopes=["applications"]).secret
    assert client.get("/api/v1/staff/applications", headers=bearer(mine_token)).status_code == 403
    staff_token = token_create(user=staff, name="x", scopes=["staff"]).secret
    response = client.get("/api/v1/staff/applications", headers=bearer(staff_token))
    assert response.status_code == 200
    assert response.json()["items"][0]["id"] == app.pk


def test_tokens_are_made_and_revoked_on_the_account_page(client, candidate):
    client.force_login(candidate)
    page = client.post(
        reverse("accounts:tokens"), {"name": "Spreadsheet", "scopes": ["applications"], "days": 30}
    ).text
    token = PersonalAccessToken.objects.get(user=candidate)
    assert "Copy it now: it is shown only once." in page
    assert f'value="cert_{token.prefix}_' in page
    assert f"cert_{token.prefix}_" not in client.get(reverse("accounts:tokens")).text
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_form_error_keeps_what_was_typed(client, candidate):
    client.force_login(candidate)
    page = client.post(reverse("accounts:tokens"), {"name": "Keep me", "days": 30}).text
    assert 'value="Keep me"' in page
    assert not PersonalAccessToken.objects.exists()


def test_nobody_revokes_someone_elses_token(client, candidate):
    token = token_create(user=UserFactory(), name="x", scopes=["applications"]).token
    client.force_login(candidate)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@override_settings(API_PUBLIC_RATE="3/m")
def test_public_endpoints_are_rate_limited(client, lsscp, one_rate_window):
    cache.clear()
    for _ in range(3):
        assert client.get("/api/v1/programs").status_code == 200
    body = _is_problem(client.get("/api/v1/programs"), 429)
    assert body["title"] == "Too many requests"
    cache.clear()
