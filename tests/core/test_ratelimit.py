"""Every public page is rate-limited per client address (per account when signed in, on the
routes that have their own group), with a 429 page that says when to try again
(certify/core/ratelimit.py, ADR 0028). Test settings raise the rates; these tests set them."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from certify.core import ratelimit
from certify.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = 1_800_000_000.0  # a whole minute (and a whole five minutes)
A, B = "203.0.113.10", "203.0.113.20"


@pytest.fixture(autouse=True)
def _fresh_counts(monkeypatch):
    cache.clear()
    monkeypatch.setattr(ratelimit.time, "time", lambda: START + 15)
    yield
    cache.clear()


def rates(**changes: str) -> dict[str, str]:
    return {**base.PAGE_RATES, **changes}


def statuses(client, method: str, url: str, times: int, address: str, **data: str) -> list[int]:
    send = client.post if method == "POST" else client.get
    return [send(url, data or None, REMOTE_ADDR=address).status_code for _ in range(times)]


# (method, URL, group): the public pages, each in the group that limits it.
PUBLIC = [
    ("GET", "/", "pages"),
    ("GET", "/programs/", "pages"),
    ("GET", "/programs/lsscp/job-requirements/?sets=FLS&sets=TEC", "pages"),
    ("GET", "/courses/", "pages"),
    ("GET", "/accounts/login/", "pages"),
    ("GET", "/accounts/signup/", "pages"),
    ("GET", "/accounts/password/reset/", "pages"),
    ("GET", "/health/", "pages"),
    ("GET", "/verify/credential/", "pages"),
    ("GET", "/no-such-page/", "pages"),  # a 404 counts too
    ("GET", "/verify/", "verification"),
    ("GET", "/verify/?number=LSSCP-2026-NOPE", "verification"),
    ("GET", "/verify/LSSCP-2026-NOPE/", "verification"),
    ("GET", "/register/?name=smith", "verification"),  # searching holders counts with lookups
    ("POST", "/verify/credential/", "credential-check"),
    ("POST", "/oid4vci/token", "wallet"),  # wallets fetching a credential (ADR 0033)
    ("POST", "/oid4vci/nonce", "wallet"),
    ("POST", "/oid4vci/credential", "wallet"),
    # One-click unsubscribe links: never expire, so they are limited like the other link pages
    ("GET", "/notifications/unsubscribe/not-a-link/", "unsubscribe"),
    ("POST", "/notifications/unsubscribe/not-a-link/", "unsubscribe"),
]


@pytest.mark.parametrize(("method", "url", "group"), PUBLIC)
def test_each_public_page_is_refused_past_its_limit_and_another_address_is_served(
    client, lsscp, method, url, group
):
    with override_settings(PAGE_RATES=rates(**{group: "3/m"})):
        served = statuses(client, method, url, 3, A, text="{}")
        assert 429 not in served
        assert statuses(client, method, url, 1, A, text="{}") == [429]
        assert statuses(client, method, url, 1, B, text="{}") == [served[0]]


def test_the_429_page_says_when_to_try_again(client, lsscp):
    with override_settings(PAGE_RATES=rates(verification="1/m")):
        client.get("/verify/LSSCP-1/", REMOTE_ADDR=A)
        refused = client.get("/verify/LSSCP-2/", REMOTE_ADDR=A)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"  # what is left of the minute
    text = refused.text
    assert "Please try again in about 45 seconds." in text
    assert "<title>Too many requests · Certify</title>" in text
    assert 'id="main"' in text  # the site's layout, like the other error pages
    assert "<h1>Please wait a moment</h1>" in text
    assert refused["Content-Security-Policy"]  # it passes through the other middleware
    assert ratelimit.wait_words(200) == "in about 4 minutes"
    assert ratelimit.wait_words(1) == "in about 1 second"


def test_walking_numbers_is_refused_whichever_page_is_used(client, lsscp):
    """The lookup form and the verification page count together."""
    with override_settings(PAGE_RATES=rates(verification="4/m")):
        assert statuses(client, "GET", "/verify/?number=LSSCP-2026-A", 2, A) == [200, 200]
        assert statuses(client, "GET", "/verify/LSSCP-2026-B/", 2, A) == [404, 404]
        assert statuses(client, "GET", "/verify/LSSCP-2026-C/", 1, A) == [429]
        assert statuses(client, "GET", "/verify/?number=LSSCP-2026-D", 1, A) == [429]
        # ...while the rest of the site still answers that visitor
        assert statuses(client, "GET", "/courses/", 1, A) == [200]


def test_the_next_window_serves_again(client, lsscp, monkeypatch):
    with override_settings(PAGE_RATES=rates(verification="1/m")):
        assert statuses(client, "GET", "/verify/LSSCP-2026-NOPE/", 2, A) == [404, 429]
        monkeypatch.setattr(ratelimit.time, "time", lambda: START + 60)
        assert statuses(client, "GET", "/verify/LSSCP-2026-NOPE/", 1, A) == [404]


def test_signed_in_people_count_per_account_on_limited_routes(client, lsscp):
    one, two = UserFactory(), UserFactory()
    with override_settings(PAGE_RATES=rates(verification="2/m", pages="1/m")):
        client.force_login(one)
        assert statuses(client, "GET", "/verify/LSSCP-2026-NOPE/", 3, A) == [404, 404, 429]
        # other pages are not counted for signed-in people
        assert statuses(client, "GET", "/courses/", 3, A) == [200, 200, 200]
        client.force_login(two)  # same address, another account
        assert statuses(client, "GET", "/verify/LSSCP-2026-NOPE/", 1, A) == [404]


def test_the_api_keeps_its_own_limits_and_problem_documents(client, lsscp):
    with override_settings(PAGE_RATES=rates(pages="1/m")):
        assert statuses(client, "GET", "/api/v1/programs", 3, A) == [200, 200, 200]
    with override_settings(API_PUBLIC_RATE="1/m"):
        client.get("/api/v1/programs", REMOTE_ADDR=A)
        refused = client.get("/api/v1/programs", REMOTE_ADDR=A)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["detail"].endswith("Try again in about 45 seconds.")
    assert client.get("/api/v1/programs", REMOTE_ADDR=B).status_code == 200


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_api_counts_forged_headers_as_the_one_client_they_come_from(client, lsscp):
    """django-ninja's key was the whole X-Forwarded-For: a new value each time was never
    limited."""
    with override_settings(API_PUBLIC_RATE="2/m"):
        codes = [
            client.get(
                "/api/v1/programs", REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
            ).status_code
            for i in range(3)
        ]
    assert codes == [200, 200, 429]


@override_settings(ACCOUNT_RATE_LIMITS={**base.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"})
def test_allauths_limits_answer_with_the_same_page(client, lsscp):
    form = {"email": "x@example.org", "password1": "nope", "password2": "nope"}
    client.post(reverse("account_signup"), form, REMOTE_ADDR=A)
    refused = client.post(reverse("account_signup"), form, REMOTE_ADDR=A)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # allauth counts a sliding minute
    assert "Please try again in about 1 minute." in refused.text
    assert client.post(reverse("account_signup"), form, REMOTE_ADDR=B).status_code == 200
