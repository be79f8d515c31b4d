"""The API's verification operations are bounded like the verification page (ADR 0030): a number
looked up through `GET /api/v1/certificates/{number}` counts in the page's "verification"
allowance (30 a minute per address by default), and a credential checked through
`POST /api/v1/certificates/verify-credential` in the check form's "credential-check" one (10),
the same counters, so changing doors buys no extra tries. Before, the API allowed 120 a minute
on its own counter: four times the page's, and on top of it, enough to walk numbers. Past the
limit the answer is a 429 problem document saying when, with Retry-After."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from certify.core import ratelimit
from certify.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = 1_800_000_000.0  # a whole minute
A, B = "203.0.113.10", "203.0.113.20"
NUMBER = "/api/v1/certificates/LSSCP-2026-NOPE"
CHECK = "/api/v1/certificates/verify-credential"


@pytest.fixture(autouse=True)
def _fresh_counts(monkeypatch):
    cache.clear()
    ratelimit.forget_leases()
    monkeypatch.setattr(ratelimit.time, "time", lambda: START + 15)
    yield
    cache.clear()


def rates(**changes: str) -> dict[str, str]:
    return {**base.PAGE_RATES, **changes}


def looked_up(client, url: str, times: int, address: str = A) -> list[int]:
    return [client.get(url, REMOTE_ADDR=address).status_code for _ in range(times)]


def checked(client, times: int, address: str = A) -> list[int]:
    return [
        client.post(CHECK, "{}", content_type="application/json", REMOTE_ADDR=address).status_code
        for _ in range(times)
    ]


def test_with_the_real_rates_the_api_allows_a_visitor_what_the_page_allows(client, lsscp):
    with override_settings(PAGE_RATES=base.PAGE_RATES, API_PUBLIC_RATE=base.API_PUBLIC_RATE):
        page_limit, _ = ratelimit.parse_rate(base.PAGE_RATES["verification"])
        assert looked_up(client, NUMBER, page_limit, A) == [404] * page_limit
        assert looked_up(client, NUMBER, 1, A) == [429]
        check_limit, _ = ratelimit.parse_rate(base.PAGE_RATES["credential-check"])
        assert 429 not in checked(client, check_limit, B)
        assert checked(client, 1, B) == [429]


def test_the_429_says_when_in_words_and_in_retry_after(client, lsscp):
    with override_settings(PAGE_RATES=rates(verification="2/m")):
        looked_up(client, NUMBER, 2)
        refused = client.get(NUMBER, REMOTE_ADDR=A)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] in ("45", "46")  # what is left of the minute
    answer = refused.json()
    assert answer["title"] == "Too many requests"
    assert answer["detail"] == (
        "Too many requests from you in a short time. Try again in about 45 seconds."
    )
    assert client.get(NUMBER, REMOTE_ADDR=B).status_code == 404  # another address is served


def test_the_page_and_the_api_count_together(client, lsscp):
    with override_settings(PAGE_RATES=rates(verification="4/m")):
        assert looked_up(client, "/verify/LSSCP-2026-NOPE/", 2) == [404, 404]
        assert looked_up(client, NUMBER, 2) == [404, 404]
        assert looked_up(client, NUMBER, 1) == [429]
        assert looked_up(client, "/verify/LSSCP-2026-NOPE/", 1) == [429]
    with override_settings(PAGE_RATES=rates(**{"credential-check": "2/m"})):
        client.post("/verify/credential/", {"text": "{}"}, REMOTE_ADDR=A)
        assert checked(client, 2)[1] == 429  # the form and the API count together


def test_signed_in_people_count_per_account_as_on_the_page(client, lsscp):
    one, two = UserFactory(), UserFactory()
    with override_settings(PAGE_RATES=rates(verification="2/m")):
        client.force_login(one)
        assert looked_up(client, NUMBER, 3) == [404, 404, 429]
        client.force_login(two)  # the same address, another account
        assert looked_up(client, NUMBER, 1) == [404]


def test_the_other_public_operations_keep_the_public_api_limit(client, lsscp):
    with override_settings(PAGE_RATES=rates(verification="1/m")):
        assert looked_up(client, NUMBER, 2) == [404, 429]
        assert looked_up(client, "/api/v1/programs", 3) == [200, 200, 200]
