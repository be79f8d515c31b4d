"""No GET changes anything: every page and API operation that is a GET, requested by every role.

The permission matrix's world (`world.py`) and its lines (`matrix.py`) give the URLs: every
`PAGES` entry whose method is GET and every GET operation of the API schema, each requested by
the eight roles. After each request, still inside its rolled-back savepoint, every table is
compared with how it was before: its row count and a hash of all its rows. What may change on a
GET (RULINGS, "the test that no GET writes"): the session row, `last_used_at` stamps on keys and
tokens, and cache entries. A GET that needs to change something is a POST (a button).

The walk stores rendered PDFs as a deployment does (ADR 0058): a download whose rendering is not
stored yet typesets it and keeps it in the documents storage, a file, and writes no row.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.security.matrix import API_PARAMS, OPERATIONS, PAGES
from tests.security.test_permission_matrix import (
    MFA_ROLES,
    api_operations,
    clients,
    quick,  # noqa: F401  (the matrix's fixture: PDFs not typeset, the schema built once)
    value_of,
)
from tests.security.world import ROLES, world_build

pytestmark = pytest.mark.usefixtures("quick")

# What a GET may write (RULINGS): the session, when a key or token was last used, the cache.
EXEMPT_TABLES = {"django_session", "certify_cache"}
EXEMPT_COLUMNS = {"last_used_at"}
EXEMPT_COLUMN_TABLES = {
    apps.get_model("accounts", "PersonalAccessToken")._meta.db_table,
    apps.get_model("courses", "ProviderApiKey")._meta.db_table,
}


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, table)
    names = [column.name for column in described]
    if table in EXEMPT_COLUMN_TABLES:
        names = [name for name in names if name not in EXEMPT_COLUMNS]
    return names


def _tables() -> dict[str, str]:
    """Each table that is compared, with the SELECT that reads all its compared columns."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    quote = connection.ops.quote_name
    # Names come from the database's own catalogue, quoted: nothing typed by anyone.
    return {
        table: f"SELECT {', '.join(quote(c) for c in _columns(table))} FROM {quote(table)}"  # noqa: S608
        for table in sorted(tables)
        if table not in EXEMPT_TABLES
    }


def _state(tables: dict[str, str]) -> dict[str, tuple[int, str]]:
    """(row count, hash of the sorted rows) for each table."""
    state = {}
    with connection.cursor() as cursor:
        for table, select in tables.items():
            cursor.execute(select)
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def _changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    changes = []
    for table, (count, digest) in after.items():
        old_count, old_digest = before.get(table, (0, ""))
        if count != old_count:
            changes.append(f"{table} ({old_count} → {count} rows)")
        elif digest != old_digest:
            changes.append(f"{table} (rows changed)")
    return changes


def _rows_written() -> int:
    """How many rows this connection has inserted, updated or deleted so far (the database's own
    counter): when a GET leaves it unchanged, no table needs comparing."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:  # PostgreSQL: this transaction's counts, subtransactions included
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_all_tables"
            )
        return int(cursor.fetchone()[0])


def _get(client: Client, url: str, tables: dict[str, str], before: dict) -> list[str]:
    """GET the URL in a savepoint that is rolled back; the tables it changed, if any."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            written = _rows_written()
            client.get(url)
            # Only a GET that wrote something (perhaps only what it may) is compared table by table.
            changed = _changed(before, _state(tables)) if _rows_written() != written else []
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return changed


def _not_started_portfolio(world: Any) -> str:
    """A set on the portfolio route whose portfolio is not started: its page is a GET too (the
    world's own portfolio is started already, so the matrix's line would not show it)."""
    from certify.progress.services import route_choose

    row = world.application.planned_sets.get(competency_set__code="REF")
    route_choose(planned=row, actor=world.users["candidate"], route="portfolio")
    return reverse("portfolios:portfolio", kwargs={"planned_id": row.pk})


def _get_urls(world: Any) -> list[str]:
    urls = [_not_started_portfolio(world)]
    for page in PAGES:
        if page.method == "GET":
            kwargs = {k: value_of(world, v) for k, v in page.kwargs.items()}
            urls.append(reverse(page.name, kwargs=kwargs))
    entries = {op.operation_id: op for op in OPERATIONS}
    for operation_id, method, template, _has_body in api_operations():
        if method != "GET" or operation_id not in entries:
            continue
        params = {**API_PARAMS, **entries[operation_id].params}
        url = template
        for name in re.findall(r"\{(\w+)\}", template):
            url = url.replace(f"{{{name}}}", str(value_of(world, params[name])))
        urls.append(url)
    return urls


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_no_get_request_changes_any_row(db, stored_documents):
    world = world_build()
    by_role = clients(world)
    urls = _get_urls(world)
    assert len(urls) > 150, "the walk found too few GET URLs: is the matrix read right?"
    tables = _tables()
    before = _state(tables)
    problems = []
    for url in urls:
        for role in ROLES:
            changed = _get(by_role[role], url, tables, before)
            if changed:
                problems.append(f"GET {url} as {role} changed {', '.join(changed)}")
    assert not problems, "\n".join(problems)
    # The PDF downloads were walked with storing on: each kept its rendering as a file.
    assert any(stored_documents.rglob("*.pdf"))


def test_the_walk_sees_a_write(db):
    """The comparison is not blind: a row written during a GET is reported."""
    from certify.notifications.models import Notification

    world = world_build()
    tables = _tables()
    before = _state(tables)
    with transaction.atomic():
        written = _rows_written()
        Notification.objects.filter(pk=world.notification.pk).update(read_at="2026-01-01T00:00Z")
        assert _rows_written() == written + 1
        changed = _changed(before, _state(tables))
        transaction.set_rollback(True)
    assert changed == [f"{Notification._meta.db_table} (rows changed)"]
    assert _changed(before, _state(tables)) == []
