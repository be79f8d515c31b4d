"""The rate limit's one-round-trip counter on a real Redis (certify/core/ratelimit.py).

Needs Debian's redis-server (installed by `make system-packages`); skipped with the reason when
it is missing.
"""

import pytest
from django.test import override_settings

from certify.core import ratelimit

pytestmark = pytest.mark.django_db


def test_the_counter_counts_in_one_round_trip_and_expires_with_its_window(on_redis):
    assert [ratelimit.count("w:1", 61) for _ in range(3)] == [1, 2, 3]
    assert on_redis.get("w:1") == 3  # an ordinary cache entry: Django reads it back
    client = on_redis._cache.get_client()
    full_key = on_redis.make_and_validate_key("w:1")
    assert 59 <= client.ttl(full_key) <= 61  # set when created, not pushed on by each request
    ratelimit.count("w:1", 61)
    assert client.ttl(full_key) <= 61


@override_settings(API_PUBLIC_RATE="2/m")
def test_the_public_limit_holds_on_redis(client, lsscp, on_redis, one_rate_window):
    assert [client.get("/api/v1/programs").status_code for _ in range(3)] == [200, 200, 429]


# Leases: a busy client counted in Redis a few requests at a time (certify/core/ratelimit.py).
NOW = 1_800_000_015.0  # 15 seconds into a minute


def _counting_round_trips(monkeypatch) -> list[int]:
    trips: list[int] = []
    real = ratelimit.count

    def counted(key: str, timeout: int, by: int = 1) -> int:
        trips.append(by)
        return real(key, timeout, by)

    monkeypatch.setattr(ratelimit, "count", counted)
    return trips


def test_one_process_serves_exactly_the_limit_in_a_few_round_trips(on_redis, monkeypatch):
    trips = _counting_round_trips(monkeypatch)
    verdicts = [ratelimit.hit("lease:a", "320/m", now=NOW).allowed for _ in range(330)]
    assert verdicts == [True] * 320 + [False] * 10
    # leases of 1, 2, 4, 8, 16, then 20 (a sixteenth of the limit for one process) ...
    assert trips[:6] == [1, 2, 4, 8, 16, 20]
    # ... and once the window is full, refused without asking Redis again
    assert len(trips) == 20
    assert sum(trips) >= 320
    # the next window serves again, starting from a lease of one
    assert ratelimit.hit("lease:a", "320/m", now=NOW + 60).allowed
    assert trips[-1] == 1


def test_a_visitor_making_one_request_is_counted_exactly(on_redis):
    assert ratelimit.hit("lease:b", "300/m", now=NOW).allowed
    assert on_redis.get(f"lease:b:60:{int(NOW // 60)}") == 1


def test_processes_sharing_a_client_never_let_through_more_than_the_limit(on_redis, monkeypatch):
    """Four processes take turns serving one client: what they hold unused is counted in Redis
    already, so the total served never passes the limit, and is short of it by at most a
    sixteenth."""
    processes: list[dict] = [{} for _ in range(4)]
    served = 0
    with override_settings(APP_WORKERS=4):
        for i in range(700):
            monkeypatch.setattr(ratelimit, "_leases", processes[i % 4])
            served += ratelimit.hit("lease:c", "640/m", now=NOW).allowed
    assert 640 - 640 // 16 <= served <= 640


def test_a_small_limit_is_counted_one_request_at_a_time(on_redis, monkeypatch):
    trips = _counting_round_trips(monkeypatch)
    with override_settings(APP_WORKERS=4):
        verdicts = [ratelimit.hit("lease:d", "30/m", now=NOW).allowed for _ in range(31)]
    assert verdicts == [True] * 30 + [False]
    assert trips == [1] * 30  # the 31st: refused from memory, the window being full


def test_many_clients_at_once_drop_the_leases_and_the_limit_still_holds(on_redis, monkeypatch):
    monkeypatch.setattr(ratelimit, "_LEASES_KEPT", 3)
    served = 0
    for i in range(400):
        served += ratelimit.hit("lease:e", "320/m", now=NOW).allowed
        ratelimit.hit(f"lease:other-{i}", "320/m", now=NOW)  # other clients fill the table
    assert len(ratelimit._leases) <= 4
    assert 300 <= served <= 320  # never more; a lease dropped unused is a few requests less
