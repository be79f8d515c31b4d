"""With a shared cache a staff member's saved filters are kept under a version of their filters
and read, with it, from this process's copies (casework.selectors.saved_filter_rows_for): no
query on a queue's next page, yet a filter saved or deleted, here or by another process, shows
on the next page, and nobody sees another person's filters."""

from uuid import uuid4

import pytest
from django.urls import reverse

from certify.casework import selectors
from certify.casework.models import SavedFilter
from certify.core.cache import RedisCache
from tests.conftest import count_queries

URL = "/staff/renewals/"
QUEUE = "renewals:staff_queue"


@pytest.fixture
def shared(on_redis, settings):
    settings.SHARED_CACHE = True
    return on_redis


def rows(owner) -> list[str]:
    return [f.name for f in selectors.saved_filter_rows_for(owner=owner, queue=QUEUE)]


def test_the_filters_are_read_once_then_kept(shared, staff_user):
    SavedFilter.objects.create(owner=staff_user, queue=QUEUE, name="Audits", query="audited=yes")
    assert count_queries(lambda: rows(staff_user)) == 1
    assert count_queries(lambda: rows(staff_user)) == 0
    kept = selectors.saved_filter_rows_for(owner=staff_user, queue=QUEUE)
    want = SavedFilter.objects.get(owner=staff_user)
    assert [(f.pk, f.name, f.query) for f in kept] == [(want.pk, "Audits", "audited=yes")]


def test_a_filter_saved_or_deleted_here_shows_on_the_next_page(
    shared, client, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    assert "None yet" in client.get(URL).text
    assert "None yet" in client.get(URL).text  # kept, and copied here
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("casework:filter_save"), {"queue": QUEUE, "name": "Audits", "query": "a=1"}
        )
    assert ">Audits</a>" in client.get(URL).text  # the kept empty list would say "None yet"
    assert ">Audits</a>" in client.get(URL).text
    saved = SavedFilter.objects.get(owner=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:filter_delete", args=[saved.pk]))
    assert "None yet" in client.get(URL).text


def test_a_filter_saved_by_another_process_shows_on_the_next_page(
    shared, client, staff_user, redis_url
):
    """Another process saves a filter and, once committed, writes the person's new version
    through its own connection; this process's copy goes because Redis tells it."""
    client.force_login(staff_user)
    assert rows(staff_user) == []
    assert rows(staff_user) == []  # copied here
    SavedFilter.objects.create(owner=staff_user, queue=QUEUE, name="Audits")  # (not committed)
    assert rows(staff_user) == []  # nothing committed, nothing announced: the kept list
    other = RedisCache(redis_url, {"KEY_PREFIX": "test"})  # its own connections
    other.set(selectors._filters_version_key(staff_user.pk), uuid4().hex, None)
    assert rows(staff_user) == ["Audits"]
    assert ">Audits</a>" in client.get(URL).text


def test_each_person_sees_only_their_own_kept_filters(
    shared, client, staff_user, other_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SavedFilter.objects.create(owner=staff_user, queue=QUEUE, name="Mine")
        SavedFilter.objects.create(owner=other_staff, queue=QUEUE, name="Theirs")
        SavedFilter.objects.create(owner=staff_user, queue="applications:queue", name="Other")
    for _ in range(2):
        assert rows(staff_user) == ["Mine"]
        assert rows(other_staff) == ["Theirs"]
    client.force_login(other_staff)
    page = client.get(URL).text
    assert ">Theirs</a>" in page
    assert "Mine" not in page


def test_without_a_shared_cache_every_page_reads_them(client, staff_user):
    SavedFilter.objects.create(owner=staff_user, queue=QUEUE, name="Audits")
    assert count_queries(lambda: rows(staff_user)) == 1
    assert count_queries(lambda: rows(staff_user)) == 1
