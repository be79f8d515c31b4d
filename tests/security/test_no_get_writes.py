"""No GET changes anything: every page and API operation that is a GET, requested by every role.

The walk itself rides on the permission matrix's requests
(`test_permission_matrix.py::test_pages_and_operations_answer_as_the_matrix_says_and_no_get_writes`):
each GET of `PAGES` and of the API schema is sent once per role, its matrix letter is checked,
and when the database's own counter says it wrote a row, every table is compared with how it was
before the walk, its row count and a hash of all its rows (`walk.py`). What may change on a GET
(RULINGS, "the test that no GET writes"): the session row, `last_used_at` stamps on keys and
tokens, and cache entries. A GET that needs to change something is a POST (a button).

This module proves the comparison is not blind.
"""

from __future__ import annotations

from django.db import transaction

from tests.security.walk import Answer, baseline, changed_tables, rows_written, send, state_of
from tests.security.world import world_build


def test_the_walk_sees_a_write(db):
    """The comparison is not blind: a row written during a GET is reported."""
    from certify.notifications.models import Notification

    world = world_build()
    before = baseline()
    with transaction.atomic():
        written, written_compared = rows_written(), before.rows_written()
        Notification.objects.filter(pk=world.notification.pk).update(read_at="2026-01-01T00:00Z")
        assert rows_written() == written + 1
        assert before.rows_written() == written_compared + 1  # counted on the compared tables
        changed = changed_tables(before.state, state_of(before.tables))
        transaction.set_rollback(True)
    assert changed == [f"{Notification._meta.db_table} (rows changed)"]
    assert changed_tables(before.state, state_of(before.tables)) == []


def test_a_get_that_writes_is_reported(db, monkeypatch):
    """`send`, as the matrix's walk calls it, reports the tables a GET changed (and undoes
    them), and nothing for a GET that changed none."""
    from django.test import Client

    from certify.notifications.models import Notification

    world = world_build()
    before = baseline()
    client = Client()
    assert send(client, "GET", "/health/", watch=before) == Answer("A")

    def writing_get(url, *args, **kwargs):  # as if the page wrote a row
        Notification.objects.filter(pk=world.notification.pk).update(read_at="2026-01-01T00:00Z")
        return Client.get(client, url, *args, **kwargs)

    monkeypatch.setattr(client, "get", writing_get)
    answer = send(client, "GET", "/health/", watch=before)
    assert answer == Answer("A", (f"{Notification._meta.db_table} (rows changed)",))
    assert changed_tables(before.state, state_of(before.tables)) == []  # rolled back
