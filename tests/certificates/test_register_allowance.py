"""The register's day allowance of searches counts a person, as nearly as Certify can tell
(`certificates/register_allowance.py`, ADR 0030): per address when not signed in; per account
and per mailbox when signed in (so a second account on jane+2@ does not double jane@'s), with a
ceiling on everyone signed in at one address; program staff not counted. The day is the
programs' (midnight in their time zone), at its edges: the 49th, 50th and 51st search."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from certify.accounts.models import Role
from certify.certificates.register_allowance import mailbox, register_zone
from certify.core import ratelimit
from certify.programs.models import Program
from certify.settings import base
from tests.certificates.test_register import REGISTER, holder
from tests.factories import UserFactory

API = "/api/v1/register"
LIBRARY, HOME = "198.51.100.7", "203.0.113.99"
NAME = {"name": "avery stone"}


@pytest.fixture
def clock(monkeypatch, program):
    """The clock, set to a time in the programs' zone (`at`); the counters start empty."""
    cache.clear()
    ratelimit.forget_leases()
    zone = register_zone(list(Program.objects.values_list("pk", "time_zone")))
    holder(program, "Avery Stone")

    def at(*when: int) -> datetime:
        moment = datetime(*when, tzinfo=zone)
        monkeypatch.setattr(ratelimit.time, "time", lambda: moment.timestamp())
        return moment

    at(2027, 3, 10, 12, 0)
    yield at
    cache.clear()
    ratelimit.forget_leases()


def _rates(day: str = "50/d", address: str = "500/d"):
    rates = {**base.PAGE_RATES, "verification": "100000/m", "register": day}
    return override_settings(PAGE_RATES=rates, REGISTER_ADDRESS_RATE=address)


def _search(client, address: str = LIBRARY, door: str = REGISTER) -> int:
    return client.get(door, NAME, REMOTE_ADDR=address).status_code


def test_the_49th_and_50th_searches_of_the_day_are_answered_and_the_51st_refused(client, clock):
    """The real allowance (50 a day), not signed in, the last searches in the day's last minute
    in the programs' time zone; the next day begins at their midnight."""
    clock(2027, 3, 10, 23, 59)
    limit, _ = ratelimit.parse_rate(base.PAGE_RATES["register"])
    assert limit == 50
    with _rates(base.PAGE_RATES["register"]):
        for _ in range(48):
            assert _search(client) == 200
        assert _search(client) == 200  # the 49th
        assert _search(client, door=API) == 200  # the 50th, through the API: one allowance
        refused = client.get(REGISTER, NAME, REMOTE_ADDR=LIBRARY)  # the 51st
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"  # a minute to the programs' midnight
        assert "used today's allowance" in refused.text
        assert _search(client, door=API) == 429
        clock(2027, 3, 11, 0, 0)
        assert _search(client) == 200


def test_the_day_ends_at_the_programs_midnight_not_at_midnight_utc(client, clock):
    evening = clock(2027, 3, 10, 17, 59)
    assert evening.astimezone(UTC).hour == 23  # Chicago, six hours behind UTC in winter
    with _rates("2/d"):
        assert [_search(client) for _ in range(3)] == [200, 200, 429]
        clock(2027, 3, 10, 18, 1)  # past midnight UTC: still the programs' same day
        refused = client.get(REGISTER, NAME, REMOTE_ADDR=LIBRARY)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == 6 * 3600 - 60


def test_a_day_that_changes_the_clocks_ends_at_its_own_midnight(client, clock):
    """1 November 2026, when Chicago's clocks go back an hour: 25 hours long, so at half past
    midnight 24 and a half hours remain, not the 23 and a half its clocks would say."""
    clock(2026, 11, 1, 0, 30)
    with _rates("1/d"):
        assert _search(client) == 200
        refused = client.get(REGISTER, NAME, REMOTE_ADDR=LIBRARY)
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(24 * 3600 + 1800)


def test_several_accounts_on_one_mailbox_share_one_allowance(client, clock):
    first = UserFactory(email="jane+jobs@example.org")
    second = UserFactory(email="Jane+Register@Example.org")
    with _rates("3/d"):
        client.force_login(first)
        assert [_search(client, HOME) for _ in range(4)] == [200, 200, 200, 429]
        client.force_login(second)
        assert _search(client, HOME) == 429
        assert _search(client, HOME, door=API) == 429
        client.force_login(UserFactory(email="sam@example.org"))  # someone else there
        assert _search(client, HOME) == 200


def test_an_account_made_again_on_the_same_address_keeps_the_days_count(client, clock):
    person = UserFactory(email="rowan@example.org")
    with _rates("2/d"):
        client.force_login(person)
        assert [_search(client, HOME) for _ in range(2)] == [200, 200]
        person.delete()
        client.force_login(UserFactory(email="rowan@example.org"))
        assert _search(client, HOME) == 429


def test_signing_in_and_out_at_one_address_counts_each_way_once(client, clock):
    """Not signed in, the address's allowance; signed in, the person's own: neither is the
    other's, so a library's visitors do not use up its staff's searches."""
    with _rates("2/d"):
        assert [_search(client) for _ in range(3)] == [200, 200, 429]
        client.force_login(UserFactory())
        assert [_search(client) for _ in range(3)] == [200, 200, 429]
        client.logout()
        assert _search(client) == 429


def test_many_accounts_at_one_address_stop_at_its_ceiling_and_a_refusal_does_not_use_it(
    client, clock
):
    with _rates("3/d", address="7/d"):
        people = [UserFactory(email=f"reader{n}@library.example") for n in range(3)]
        client.force_login(people[0])
        # 3 answered; the other 5 refused by her own allowance, none counted at the address
        assert [_search(client) for _ in range(8)] == [200] * 3 + [429] * 5
        client.force_login(people[1])
        assert [_search(client) for _ in range(3)] == [200, 200, 200]
        client.force_login(people[2])
        assert [_search(client) for _ in range(2)] == [200, 429]  # the address's 7th, 8th
        assert _search(client, HOME) == 200  # her own allowance is not used up


def test_program_staff_are_not_counted(client, clock):
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    with _rates("2/d", address="2/d"):
        assert [_search(client) for _ in range(5)] == [200] * 5
        assert _search(client, door=API) == 200


def test_a_search_costs_the_same_queries_counted_or_not(client, clock, django_assert_num_queries):
    """The programs are read once for the day and the search: still two queries."""
    with _rates(), django_assert_num_queries(2):
        assert _search(client) == 200
    with _rates(), django_assert_num_queries(2):
        assert _search(client, door=API) == 200


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("address", "box"),
    [
        ("jane@example.org", "jane@example.org"),
        (" Jane+Jobs@Example.ORG ", "jane@example.org"),
        ("jane+a+b@example.org", "jane@example.org"),
        ("jane.doe@example.org", "jane.doe@example.org"),
    ],
)
def test_a_mailbox_is_its_address_folded_without_a_tag(address, box):
    assert mailbox(address) == box


def test_the_next_day_is_counted_afresh_for_the_signed_in_too(client, clock):
    client.force_login(UserFactory())
    with _rates("1/d"):
        assert [_search(client) for _ in range(2)] == [200, 429]
        clock(2027, 3, 11, 0, 0)
        assert _search(client) == 200
