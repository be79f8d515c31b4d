"""On Redis each app process keeps its own copy of the staff queue's data version and kept pages
(ADR 0066's copies, certify/core/nearcache.py): a request then reads nothing of them from Redis,
yet a saved application, here or in another process, shows on the next request, because Redis
tells every process the moment the version changes."""

from uuid import uuid4

import pytest
from django.urls import reverse

from certify.applications import selectors
from certify.applications.models import Application
from certify.core.cache import RedisCache
from tests.applications.test_queue import accepted
from tests.redis_server import redis_reads
from tests.workflow import force_status

S = Application.Status
URL = reverse("applications:queue")


@pytest.fixture
def reads(monkeypatch):
    """Keys of the queue's entries read from Redis."""
    return redis_reads(monkeypatch, "applications:queue")


@pytest.fixture
def staff_client(client, lsscp, staff, on_redis, settings):
    settings.SHARED_CACHE = True
    accepted(lsscp, 3)
    client.force_login(staff)
    for _ in range(2):  # rendered and kept in Redis; then read from Redis and copied here
        assert "3 applications, oldest first" in client.get(URL, {"status": "accepted"}).text
    return client


def test_the_kept_page_is_served_without_reading_redis(staff_client, reads):
    for _ in range(3):
        text = staff_client.get(URL, {"status": "accepted"}).text
        assert "3 applications, oldest first" in text
    assert reads == []


def test_an_application_saved_here_shows_on_the_next_request(
    staff_client, django_capture_on_commit_callbacks
):
    first = Application.objects.filter(status=S.ACCEPTED).first()
    with django_capture_on_commit_callbacks(execute=True):
        force_status(first, S.WITHDRAWN).save()  # a new version, once committed
    text = staff_client.get(URL, {"status": "accepted"}).text
    assert "2 applications, oldest first" in text  # a copy still served would say 3


def test_an_application_saved_by_another_process_shows_on_the_next_request(staff_client, redis_url):
    """Another process saves an application and, once committed, writes the new version through
    its own connection; this process's copies go because Redis tells it."""
    first = Application.objects.filter(status=S.ACCEPTED).first()
    force_status(first, S.WITHDRAWN).save()  # (the test's transaction: no version written here)
    other = RedisCache(redis_url, {"KEY_PREFIX": "test"})  # its own connections
    other.set(selectors.QUEUE_COUNTS_VERSION, uuid4().hex, None)
    text = staff_client.get(URL, {"status": "accepted"}).text
    assert "2 applications, oldest first" in text


def test_the_persons_saved_filters_are_their_own(
    staff_client, staff, django_capture_on_commit_callbacks
):
    """Only the shared content comes from the kept page: the saved filters are the person's
    own, and one saved shows on the next page."""
    from certify.casework.models import SavedFilter

    with django_capture_on_commit_callbacks(execute=True):
        SavedFilter.objects.create(owner=staff, queue="applications:queue", name="Mine")
    text = staff_client.get(URL, {"status": "accepted"}).text
    assert ">Mine</a>" in text
