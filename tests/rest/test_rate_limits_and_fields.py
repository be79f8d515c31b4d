"""Rate limits on token endpoints as well as public ones; validation errors name the field;
provider API keys expire and are refused with the reason."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from certify.accounts.models import Role
from certify.accounts.tokens import token_create
from certify.core import ratelimit
from certify.courses import services as course_services
from certify.courses.models import CourseCompletion
from certify.rest.courses import CompletionOut
from tests.factories import ProviderFactory, UserFactory

PROBLEM = "application/problem+json"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts(one_rate_window):
    """Empty counters, in one window of the limiter's clock (tests that move it set it)."""
    cache.clear()
    yield
    cache.clear()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@override_settings(API_TOKEN_RATE="3/m")
def test_a_token_is_rate_limited_per_account_with_retry_after(client, candidate):
    mine = token_create(user=candidate, name="a", scopes=["applications"]).secret
    also_mine = token_create(user=candidate, name="b", scopes=["applications"]).secret
    for secret in (mine, also_mine, mine):
        assert client.get("/api/v1/applications/mine", headers=bearer(secret)).status_code == 200
    refused = client.get("/api/v1/applications/mine", headers=bearer(also_mine))
    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM
    assert refused.json()["title"] == "Too many requests"
    assert int(refused["Retry-After"]) >= 1
    someone_else = token_create(
        user=UserFactory(roles=[Role.CANDIDATE]), name="c", scopes=["applications"]
    )
    assert (
        client.get("/api/v1/applications/mine", headers=bearer(someone_else.secret)).status_code
        == 200
    )


@override_settings(API_TOKEN_RATE="2/m")
def test_a_provider_key_is_rate_limited(client):
    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    _, raw = course_services.api_key_create(provider=provider, actor=user, name="LMS")
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert [client.get(url, headers={"X-API-Key": raw}).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]


@override_settings(API_TOKEN_RATE="1/m", API_PUBLIC_RATE="2/m")
def test_the_limits_are_separate_and_public_endpoints_use_the_public_one(client, lsscp):
    assert [client.get("/api/v1/programs").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/courses").status_code == 429  # per address, across endpoints


def test_a_provider_key_expires(client):
    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    key, raw = course_services.api_key_create(provider=provider, actor=user, name="LMS", days=30)
    assert timedelta(days=29) < key.expires_at - timezone.now() <= timedelta(days=30)
    url = f"/api/v1/providers/{provider.pk}/courses"
    assert client.get(url, headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    key.expires_at = timezone.now()
    key.save()
    refused = client.get(url, headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]
    assert course_services.api_key_authenticate(raw) is None


@pytest.mark.parametrize("days", [0, 731])
def test_a_provider_key_lasts_one_day_to_two_years(days):
    from certify.core.errors import DomainError

    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    with pytest.raises(DomainError, match="from 1 to 730 days"):
        course_services.api_key_create(provider=provider, actor=user, name="LMS", days=days)


def test_a_malformed_or_unknown_key_is_refused_with_the_reason(client):
    provider = ProviderFactory()
    url = f"/api/v1/providers/{provider.pk}/courses"
    body = client.get(url, headers={"X-API-Key": "hello"}).json()
    assert body["status"] == 401
    assert "not a Certify provider API key" in body["detail"]
    body = client.get(url, headers={"X-API-Key": "cpk_abcd1234_nope"}).json()
    assert "not valid" in body["detail"]


def _fields(response) -> dict[str, str]:
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_validation_errors_name_query_path_and_nested_body_fields(client, candidate):
    """Each field is named, and what to send is said in the site's words (ADR 0043)."""
    assert _fields(client.get("/api/v1/courses?max_cost_cents=lots")) == {
        "max_cost_cents": "Enter a whole number."
    }
    assert _fields(client.get("/api/v1/programs?page=0")) == {"page": "Enter 1 or more."}
    assert _fields(client.get("/api/v1/courses/abc")) == {"course_id": "Enter a whole number."}
    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    _, raw = course_services.api_key_create(provider=provider, actor=user, name="LMS")
    response = client.post(
        f"/api/v1/providers/{provider.pk}/courses/1/completions",
        {"completions": [{"email": "a@example.org"}]},
        content_type="application/json",
        headers={"X-API-Key": raw},
    )
    assert _fields(response) == {"completions.0.completed_on": "This is required."}
    secret = token_create(user=candidate, name="x", scopes=["scholarships"]).secret
    response = client.post(
        "/api/v1/scholarships/applications",
        {"fund": "x", "statement": "y", "years_experience": -1},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert _fields(response) == {"years_experience": "Enter 0 or more."}
    assert response.json()["detail"] == "years_experience: Enter 0 or more."


def test_my_certificates_take_a_token_with_the_certificates_scope(client, candidate):
    right = token_create(user=candidate, name="x", scopes=["certificates"]).secret
    assert client.get("/api/v1/certificates/mine", headers=bearer(right)).json() == []
    wrong = token_create(user=candidate, name="y", scopes=["applications"]).secret
    assert client.get("/api/v1/certificates/mine", headers=bearer(wrong)).status_code == 403


def test_the_completion_status_in_the_schema_matches_the_model():
    literal = CompletionOut.model_fields["status"].annotation.__args__  # type: ignore[union-attr]
    assert set(literal) == set(CourseCompletion.Status.values)


@override_settings(API_PUBLIC_RATE="2/m")
def test_the_count_starts_again_in_the_next_minute_and_retry_after_says_when(
    client, lsscp, monkeypatch
):
    start = 1_800_000_000.0  # a whole minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 15)
    assert [client.get("/api/v1/programs").status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get("/api/v1/programs")
    assert refused["Retry-After"] == "45"  # 45 s left in the minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 60)
    assert client.get("/api/v1/programs").status_code == 200


@override_settings(API_PUBLIC_RATE="1000/m")
def test_a_high_rate_keeps_one_small_number_per_client(client, lsscp, monkeypatch):
    minute = 30_000_000  # 1,800,000,000 s since 1970
    monkeypatch.setattr(ratelimit.time, "time", lambda: minute * 60.0 + 1)
    for _ in range(50):
        client.get("/api/v1/programs")
    # A counter, not a list of 50 request times (django-ninja's own throttle keeps the list).
    assert cache.get(f"throttle_public_127.0.0.1:60:{minute}") == 50
