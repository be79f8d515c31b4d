"""The public register answers an employer checking a named person, and refuses to be read as a
list (ADR 0030): a name not given in full, and a search matching more certificates than it
shows, are refused in the same words on the page (beside the name field) and in the API
(`GET /api/v1/register`, a 400 naming `name`); each client has a day's allowance of searches
(`REGISTER_SEARCH_RATE`), page and API counted together, on top of the verification pages'."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from certify.certificates.models import Certificate
from certify.certificates.register import NAME_NEEDED, RESULTS_LIMIT, STATE_UNKNOWN, TOO_BROAD
from certify.certificates.register_allowance import register_zone
from certify.core import ratelimit
from certify.programs.models import Program
from certify.settings import base
from tests.certificates.test_register import REGISTER, holder

pytestmark = pytest.mark.django_db
API = "/api/v1/register"
A, B = "203.0.113.10", "203.0.113.20"
TOO_BROAD_WORDS = TOO_BROAD.format(limit=RESULTS_LIMIT)


def on_page(text: str) -> str:
    return text.replace("&#x27;", "'")


@pytest.fixture
def commons(program):
    """More people named Pat Common than the register shows: three in Ohio, the rest in Texas."""
    for n in range(RESULTS_LIMIT + 1):
        holder(program, f"Pat Common {n:02d}", state="OH" if n < 3 else "TX")


def test_a_search_matching_more_than_the_limit_is_refused_as_too_broad(client, commons):
    response = client.get(REGISTER, {"name": "pat common"})
    assert response.status_code == 400
    assert TOO_BROAD_WORDS in on_page(response.text)
    assert "Pat Common" not in response.text.split("</form>", 1)[1]  # none shown
    assert "<strong>Pat Common" not in response.text
    narrowed = client.get(REGISTER, {"name": "pat common", "state": "OH"})
    assert narrowed.status_code == 200
    assert narrowed.text.count("<strong>Pat Common") == 3


def test_the_refusal_is_written_beside_the_name_field(client, program):
    response = client.get(REGISTER, {"name": "stone"})
    text = on_page(response.text)
    # "It does not list everyone" is said once, in the refusal, not in the introduction too.
    assert text.count("does not list everyone") == 1
    assert "does not list everyone" not in client.get(REGISTER).text
    field, message = text.find('name="name"'), text.find(NAME_NEEDED)
    assert response.status_code == 400
    assert field > 0
    assert message > 0
    assert abs(field - message) < 1500
    assert 'aria-invalid="true"' in text.split('name="name"', 1)[0][-400:] + text[field:][:400]


def test_the_api_finds_what_the_page_finds(client, program):
    person = holder(program, "José María Núñez-Ortiz", state="NM")
    holder(program, "Joseph Nunez", state="NY")
    answer = client.get(API, {"name": "nunez jose"})
    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert row["holder_name"] == "José María Núñez-Ortiz"
    assert row["state"] == "NM"
    assert row["state_name"] == "New Mexico"
    assert row["verification_url"].endswith(reverse("certificates:verify", args=[row["number"]]))
    assert row["number"] == Certificate.objects.get(holder=person).number
    assert row["valid_through"] == Certificate.objects.get(holder=person).expires_on.isoformat()
    page = client.get(REGISTER, {"name": "nunez jose"}).text
    assert row["number"] in page
    assert person.email not in answer.text
    assert client.get(API, {"name": "nunez jose", "state": "NY"}).json() == {"results": []}


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"name": "nunez"}, "name", NAME_NEEDED),
        ({"name": "j. nunez"}, "name", NAME_NEEDED),
        ({"name": "pat common"}, "name", TOO_BROAD_WORDS),
        ({"name": "pat common", "state": "ZZ"}, "state", STATE_UNKNOWN),
    ],
)
def test_the_api_refuses_in_the_pages_words(client, commons, query, field, words):
    answer = client.get(API, query)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == words
    assert answer.json()["field"] == field
    assert "Pat Common" not in answer.text
    page = client.get(REGISTER, query)
    assert page.status_code == 400
    assert words in on_page(page.text)


def test_the_api_search_costs_the_same_queries_for_few_or_many(
    client, program, django_assert_num_queries
):
    holder(program, "Quinn Reyes")
    with django_assert_num_queries(2) as few:  # the programs' time zones, the search itself
        client.get(API, {"name": "quinn reyes"})
    for n in range(RESULTS_LIMIT - 1):
        holder(program, f"Quinn Reyes {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        answer = client.get(API, {"name": "quinn reyes"})
    assert len(answer.json()["results"]) == RESULTS_LIMIT


# --- A day's allowance per client ---------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch):
    cache.clear()
    ratelimit.forget_leases()
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_000.0 + 15)
    yield
    cache.clear()


def test_the_real_allowance_is_a_days():
    limit, seconds = ratelimit.parse_rate(base.PAGE_RATES["register"])
    assert seconds == 86400
    assert 0 < limit <= 50


def test_searches_past_the_days_allowance_are_refused_page_and_api_together(
    client, program, counted
):
    holder(program, "Avery Stone")
    rates = {**base.PAGE_RATES, "verification": "1000/m", "register": "3/d"}
    with override_settings(PAGE_RATES=rates):
        assert client.get(REGISTER, REMOTE_ADDR=A).status_code == 200  # the empty form: free
        assert client.get(REGISTER, {"name": "avery stone"}, REMOTE_ADDR=A).status_code == 200
        assert client.get(REGISTER, {"name": "x"}, REMOTE_ADDR=A).status_code == 400  # counted
        assert client.get(API, {"name": "avery stone"}, REMOTE_ADDR=A).status_code == 200
        refused = client.get(REGISTER, {"name": "avery stone"}, REMOTE_ADDR=A)
        assert refused.status_code == 429
        assert "Avery Stone" not in refused.text
        assert int(refused["Retry-After"]) > 3600
        # A day's allowance used up says so, not "in a short time".
        assert "Please come back later" in refused.text
        assert "used today's allowance" in refused.text
        assert "short time" not in refused.text
        api = client.get(API, {"name": "avery stone"}, REMOTE_ADDR=A)
        assert api.status_code == 429
        assert api.json()["detail"].startswith("Too many requests from you today. Try again in")
        assert client.get(REGISTER, {"name": "avery stone"}, REMOTE_ADDR=B).status_code == 200


def test_in_the_days_last_hour_a_days_allowance_used_up_is_still_said_as_one(
    client, program, monkeypatch
):
    """Half an hour before the programs' midnight the wait is short, the allowance a day's: the
    page and the API say today's allowance, not "in a short time"."""
    cache.clear()
    ratelimit.forget_leases()
    zone = register_zone(list(Program.objects.values_list("pk", "time_zone")))
    midnight = datetime(2027, 1, 16, tzinfo=zone).timestamp()
    monkeypatch.setattr(ratelimit.time, "time", lambda: midnight - 1800.0)
    holder(program, "Avery Stone")
    rates = {**base.PAGE_RATES, "verification": "1000/m", "register": "1/d"}
    with override_settings(PAGE_RATES=rates):
        assert client.get(REGISTER, {"name": "avery stone"}, REMOTE_ADDR=A).status_code == 200
        refused = client.get(REGISTER, {"name": "avery stone"}, REMOTE_ADDR=A)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "1800"
        assert "used today's allowance" in refused.text
        assert "short time" not in refused.text
        api = client.get(API, {"name": "avery stone"}, REMOTE_ADDR=A)
        assert api.status_code == 429
        assert api["Retry-After"] == "1800"
        assert api.json()["detail"] == (
            "Too many requests from you today. Try again in about 30 minutes."
        )
    cache.clear()


def test_a_burst_limits_wait_of_an_hour_is_not_a_days_allowance():
    """The words follow the window's length when the wait knows it, else the wait's."""
    assert not ratelimit.long_wait(ratelimit.Wait(3700, 3 * 3600))
    assert ratelimit.long_wait(ratelimit.Wait(60, 86400))
    assert ratelimit.long_wait(3600.0)  # a wait from elsewhere (a sign-in's lock-out)
    assert not ratelimit.long_wait(59.0)
