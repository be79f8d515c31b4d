"""Sending the permission matrix's requests, and seeing what a GET wrote.

`tests/security/test_permission_matrix.py` sends every page and API operation of `matrix.py` as
every role, once each, and asks two things of each answer: the outcome the matrix expects (its
letter), and, for a GET, that it changed no row (RULINGS, "the test that no GET writes"). One
request answers both: the no-GET-writes walk used to send every GET again, as a test of its own.

What a GET may write: the session row, `last_used_at` stamps on keys and tokens, and cache
entries. After a GET that wrote anything (the database's own counter says so: `total_changes()`
on SQLite, `pg_stat_xact_all_tables` on PostgreSQL), every other table is compared with how it
was before the walk: its row count and a hash of all its rows.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from certify.rest.api import api
from tests.security.matrix import API_PARAMS, FILE, OPERATIONS, PAGES
from tests.security.world import ROLES, World, pdf

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

# What a GET may write (RULINGS): the session, when a key or token was last used, the cache.
EXEMPT_TABLES = {"django_session", "certify_cache"}
EXEMPT_COLUMNS = {"last_used_at"}
EXEMPT_COLUMN_TABLES = {
    apps.get_model("accounts", "PersonalAccessToken")._meta.db_table,
    apps.get_model("courses", "ProviderApiKey")._meta.db_table,
}


# --- Building requests -------------------------------------------------------------------------


def value_of(world: World, spec: str) -> Any:
    """`"=text"` is literal; `"invoice.code"` an attribute; `"invoice"` its pk."""
    if spec.startswith("="):
        return spec[1:]
    name, _, attribute = spec.partition(".")
    if name == "users":
        user = world.users[attribute]
        assert user is not None
        return user.pk
    obj = getattr(world, name)
    if isinstance(obj, str):
        return obj
    return getattr(obj, attribute) if attribute else obj.pk


def api_operations() -> Iterator[tuple[str, str, str, bool]]:
    """(operationId, method, path template, has a body) for every operation in the schema."""
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            yield op["operationId"], method.upper(), path, "requestBody" in op


def form_operations() -> set[str]:
    """The operations whose body is a form (multipart/form-data: fields and files): a client
    sends them a form, and a JSON body is refused (422) before the endpoint asks who may."""
    return {
        op["operationId"]
        for ops in api.get_openapi_schema()["paths"].values()
        for op in ops.values()
        if "multipart/form-data" in op.get("requestBody", {}).get("content", {})
    }


def api_url(world: World, template: str, params: dict[str, str]) -> str:
    url = template
    for name in re.findall(r"\{(\w+)\}", template):
        url = url.replace(f"{{{name}}}", str(value_of(world, params[name])))
    return url


@dataclass(frozen=True)
class Request:
    """One line of the matrix made concrete: what it is called in a failure, and what is sent."""

    what: str  # "name METHOD url" (a page) or "operationId METHOD url" (an API operation)
    method: str
    url: str
    expect: str  # one letter per role; "" when only the GET check applies
    body: dict[str, Any] | None = None
    form: bool = False  # the body sent as a form (multipart/form-data), not as JSON


def requests_of(world: World) -> tuple[list[Request], list[str]]:
    """Every page of `PAGES` and every API operation that has a line in `OPERATIONS`, and the
    URLs that could not be built (each a problem of its own)."""
    requests: list[Request] = []
    unbuilt: list[str] = []
    for page in PAGES:
        try:
            url = reverse(page.name, kwargs={k: value_of(world, v) for k, v in page.kwargs.items()})
        except Exception as error:
            unbuilt.append(f"{page.name}: cannot build its URL ({error})")
            continue
        requests.append(Request(f"{page.name} {page.method} {url}", page.method, url, page.expect))
    entries = {op.operation_id: op for op in OPERATIONS}
    forms = form_operations()
    for operation_id, method, template, has_body in api_operations():
        entry = entries.get(operation_id)
        if entry is None:
            continue  # test_every_api_operation_has_an_entry reports it
        url = api_url(world, template, {**API_PARAMS, **entry.params})
        body = (entry.body or {}) if has_body else None
        what = f"{operation_id} {method} {url}"
        requests.append(Request(what, method, url, entry.expect, body, operation_id in forms))
    return requests, unbuilt


def clients(world: World) -> dict[str, Client]:
    signed_in = {}
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        signed_in[role] = client
    return signed_in


# --- What a GET wrote --------------------------------------------------------------------------


# Every table's and view's columns in their order, in one query. Django's introspection describes
# one table at a time and on SQLite parses each table's CREATE statement (sqlparse) for its
# collations: 0.45 s of CPU for the 107 tables, paid before every request an attacker's test sends
# (docs/testing.md, "Figures"). The names and their order are the same (`PRAGMA table_info`, as
# Django reads them; on PostgreSQL the live columns by number): tests/core/test_test_setup.py.
COLUMNS_SQL = {
    "sqlite": "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c"
    " WHERE m.type IN ('table', 'view') ORDER BY m.name, c.cid",
    "postgresql": "SELECT t.relname, a.attname FROM pg_catalog.pg_class AS t"
    " JOIN pg_catalog.pg_attribute AS a ON a.attrelid = t.oid"
    " WHERE t.relkind IN ('f', 'm', 'p', 'r', 'v') AND pg_catalog.pg_table_is_visible(t.oid)"
    " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY t.relname, a.attnum",
}


def columns_of_tables() -> dict[str, list[str]]:
    """Each table's columns in their order, the exempt columns left out."""
    columns: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(COLUMNS_SQL[connection.vendor])
        for table, column in cursor.fetchall():
            if not (table in EXEMPT_COLUMN_TABLES and column in EXEMPT_COLUMNS):
                columns.setdefault(table, []).append(column)
    return columns


def tables_compared() -> dict[str, str]:
    """Each table that is compared, with the SELECT that reads all its compared columns."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    columns = columns_of_tables()
    quote = connection.ops.quote_name
    # Names come from the database's own catalogue, quoted: nothing typed by anyone.
    return {
        table: f"SELECT {', '.join(quote(c) for c in columns[table])} FROM {quote(table)}"  # noqa: S608
        for table in sorted(tables)
        if table not in EXEMPT_TABLES
    }


State = dict[str, tuple[int, str]]


def state_of(tables: dict[str, str]) -> State:
    """(row count, hash of the sorted rows) for each table."""
    state = {}
    with connection.cursor() as cursor:
        for table, select in tables.items():
            cursor.execute(select)
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def changed_tables(before: State, after: State) -> list[str]:
    changes = []
    for table, (count, digest) in after.items():
        old_count, old_digest = before.get(table, (0, ""))
        if count != old_count:
            changes.append(f"{table} ({old_count} → {count} rows)")
        elif digest != old_digest:
            changes.append(f"{table} (rows changed)")
    return changes


def rows_written(tables: Iterable[str] | None = None) -> int:
    """How many rows this connection has inserted, updated or deleted so far (the database's own
    counter): when a GET leaves it unchanged, no table needs comparing.

    On PostgreSQL the count is this transaction's, subtransactions included, over `tables` (every
    table when None): counting only the compared tables skips the comparison after a GET that
    wrote only what it may, and reads only those tables' counters, in half the time of the whole
    statistics view (twice per GET)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        elif tables is None:
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_all_tables"
            )
        else:
            cursor.execute(
                "SELECT coalesce(sum(pg_stat_get_xact_tuples_inserted(t)"
                " + pg_stat_get_xact_tuples_updated(t) + pg_stat_get_xact_tuples_deleted(t)), 0)"
                " FROM unnest(%s::regclass[]) AS t",
                [[connection.ops.quote_name(table) for table in tables]],
            )
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class Baseline:
    """The tables compared after a GET, and how they were before any request was sent."""

    tables: dict[str, str]
    state: State

    def rows_written(self) -> int:
        return rows_written(self.tables)


def baseline() -> Baseline:
    tables = tables_compared()
    return Baseline(tables, state_of(tables))


# --- Sending -----------------------------------------------------------------------------------


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (401,):
        return "L"
    if status in (301, 302, 303):
        target = response.headers.get("Location", "")
        if target.startswith(LOGIN_PATHS):
            return "L"
        if target.startswith("/accounts/2fa/totp/activate"):
            return "M"  # sent to set up 2FA: the world gives staff and reviewers an authenticator
        return "A"
    if status == 404:
        return "N"  # refused as an unknown id: "D" in the matrix accepts it, "N" demands it
    if status == 403:
        return "D"
    if status == 405 or status >= 500:
        return "X"
    return "A"


@dataclass(frozen=True)
class Answer:
    letter: str  # the outcome letter, or "X (…)" for an error
    changed: tuple[str, ...] = ()  # for a GET: the tables it changed


def send(
    client: Client,
    method: str,
    url: str,
    *,
    body: dict[str, Any] | None = None,
    form: bool = False,
    watch: Baseline | None = None,
) -> Answer:
    """One request in a savepoint that is rolled back. With `watch`, a GET's writes are compared
    with the baseline before the rollback.

    The client's cookies are restored too: a sign-out (or a new session) is undone with the data.
    """
    cookies = copy.deepcopy(client.cookies)
    changed: list[str] = []
    try:
        with transaction.atomic():
            if method == "GET":
                written = watch.rows_written() if watch else 0
                response = client.get(url)
                # Only a GET that wrote something (perhaps only what it may) is compared table
                # by table.
                if watch and watch.rows_written() != written:
                    changed = changed_tables(watch.state, state_of(watch.tables))
            elif body == FILE:
                response = client.post(url, data={"file": pdf("syllabus.pdf")})
            elif body is not None and form:
                response = client.post(url, data=body)  # multipart/form-data, as a client sends
            elif body is not None:
                response = client.generic(
                    method, url, data=json.dumps(body), content_type="application/json"
                )
            elif method == "POST":
                response = client.post(url, data={})
            else:
                response = client.generic(method, url)
            transaction.set_rollback(True)
    except Exception as error:
        return Answer(f"X ({type(error).__name__}: {str(error)[:120]})")
    finally:
        client.cookies = cookies
    letter = outcome(response)
    return Answer(letter if letter != "X" else f"X ({response.status_code})", tuple(changed))


def check(expect: str, got: dict[str, str], what: str) -> list[str]:
    assert len(expect) == len(ROLES), f"{what}: the expectation needs {len(ROLES)} letters"
    return [
        f"{what}: {role} expected {want}, got {got[role]}"
        for role, want in zip(ROLES, expect, strict=True)
        if got[role] != ("D" if want == "F" else want) and not (want == "D" and got[role] == "N")
    ]


def writes(answers: dict[str, Answer], url: str) -> list[str]:
    """A GET's problems: each role whose request changed a table."""
    return [
        f"GET {url} as {role} changed {', '.join(answer.changed)}"
        for role, answer in answers.items()
        if answer.changed
    ]
