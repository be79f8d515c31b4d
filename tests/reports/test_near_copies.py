"""On Redis each app process keeps its own copy of the staff dashboard's kept page and its
snapshot's version (ADR 0066's copies, certify/core/nearcache.py): a request then reads nothing
from Redis, yet a newer snapshot, written here or by another process, shows on the next request,
because Redis tells every process the moment the version changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.cache import RedisCache
from certify.reports import snapshots
from certify.reports.filters import Filters
from tests.redis_server import redis_reads
from tests.reports.test_snapshots import STAFF, applied, applied_count

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def kept(on_redis, settings):
    settings.REPORTS_CACHE_SECONDS = 300
    return on_redis


@pytest.fixture
def reads(monkeypatch):
    """Keys of the reports' entries read from Redis."""
    return redis_reads(monkeypatch, "reports:")


@pytest.fixture
def staff_client(client_as, program, kept):
    client = client_as("program_staff")
    applied(program, 2)
    assert applied_count(client.get(DASHBOARD)) == 2  # computed, rendered and kept in Redis
    assert applied_count(client.get(DASHBOARD)) == 2  # read from Redis and copied here
    return client


def test_the_kept_page_is_served_without_reading_redis(staff_client, reads):
    for _ in range(3):
        assert applied_count(staff_client.get(DASHBOARD)) == 2
    assert reads == []


def test_a_newer_snapshot_computed_here_shows_on_the_next_request(staff_client, program, reads):
    applied(program, 1)
    snapshots.snapshot_compute(STAFF, filters=Filters())  # this process's task
    assert applied_count(staff_client.get(DASHBOARD)) == 3  # a copy still served would say 2
    assert reads  # the new version was read from Redis


def test_a_newer_snapshot_from_another_process_shows_on_the_next_request(
    staff_client, program, redis_url
):
    """Another process (the task worker) writes the new snapshot and its version through its own
    connection; this process's copies go because Redis tells it."""
    applied(program, 1)
    filters = Filters()
    figures = snapshots.figures_compute(STAFF, filters=filters)
    snapshot = snapshots.Snapshot(figures, timezone.now(), kept=True)
    other = RedisCache(redis_url, {"KEY_PREFIX": "test"})  # its own connections
    other.set(snapshots.snapshot_key(STAFF, filters), snapshot, 3600)
    other.set(snapshots.version_key(STAFF, filters), snapshot.version, 3600)
    assert applied_count(staff_client.get(DASHBOARD)) == 3


def test_a_version_dropped_by_another_process_is_not_served_from_the_copy(
    staff_client, program, redis_url, monkeypatch
):
    other = RedisCache(redis_url, {"KEY_PREFIX": "test"})
    other.delete(snapshots.version_key(STAFF, Filters()))  # evicted, or flushed by hand
    loaded: list[bool] = []
    real = type(STAFF).snapshot

    def counted(self, *args, **kwargs):
        loaded.append(True)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(STAFF), "snapshot", counted)
    assert applied_count(staff_client.get(DASHBOARD)) == 2
    assert loaded  # the page was rendered from the snapshot, not taken from the copy
