"""What a transactional test leaves behind: the world as the migrations made it.

Django's TransactionTestCase (every `transactional_db` and `live_server` test, the browser tests
included) empties every table after the test and sends `post_migrate`, which writes the content
types and permissions again. Two changes here (docs/testing.md, "Set-up paid once"):

**The content types and permissions are kept.** Writing them again was nearly all of such a
teardown's time; `transactional_teardown` keeps the two tables when the test left them as the
last full flush did, and empties every other table as Django does.

**The rows the migrations make are given back.** Data migrations write rows too (the default
organizations ALA and SSD, SSD's sponsor and funds). Django's flush took them away, so every
transactional test after the first in a process started without them, and a test that needed
one had to know and write it again. `migrated_world_take` keeps every row of the freshly
migrated test database (the content types and permissions aside, which stay or come back with
`post_migrate`); after each flush `transactional_teardown` inserts them again as they were
(tests/dbsetup.py's replay, the same keys and values, `auto_now` times included), and the data
versions the migrations left (PostgreSQL's shared one) as new versions, as the database's
triggers write them. tests/core/test_migrated_world.py compares every
table after a flush with the database as its migration left it.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections
from django.test import TransactionTestCase

from tests import dbsetup

# Django's own: a flush of every table, then the post_migrate signal, which writes the content
# types and permissions again (about 30 queries per app, nearly all of a flush's time).
_django_fixture_teardown = TransactionTestCase._fixture_teardown
# The rows post_migrate writes, per database alias: (count, highest key) of each table, as the
# last full flush left them.
_kept_after_full_flush: dict[str, tuple[Any, ...]] = {}
# Per database alias: the rows the migrations made, to be written again after each flush.
_migrated_world: dict[str, dbsetup.Snapshot] = {}
# Per database alias: the data versions' keys the migrations left (PostgreSQL's shared one).
_migrated_versions: dict[str, list[int]] = {}
# Per database alias: every table as the migration left it (SQL rows, sorted), for the check.
as_migrated: dict[str, dict[str, list[tuple[Any, ...]]]] = {}


def _kept_tables() -> tuple[str, ...]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return (ContentType._meta.db_table, Permission._meta.db_table)


def _kept_state(alias: str) -> tuple[Any, ...]:
    conn = connections[alias]
    state = []
    with conn.cursor() as cursor:
        for table in _kept_tables():
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {quoted}")  # noqa: S608 - quoted
            state.append(tuple(cursor.fetchone()))
    return tuple(state)


def tables_now(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table a flush empties, as SQL reads it, rows sorted; the content types and
    permissions by what they name (their keys change when `post_migrate` writes them again), and
    the data versions by key (a version is a new number whenever its key's data changes)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from certify.core.models import DataVersion

    conn = connections[alias]
    kept = (*_kept_tables(), DataVersion._meta.db_table)
    tables: dict[str, list[tuple[Any, ...]]] = {
        kept[2]: sorted(DataVersion.objects.using(alias).values_list("key")),
        kept[0]: sorted(ContentType.objects.using(alias).values_list("app_label", "model")),
        kept[1]: sorted(
            Permission.objects.using(alias).values_list(
                "content_type__app_label", "content_type__model", "codename", "name"
            )
        ),
    }
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.django_table_names(only_existing=True)):
            if table not in kept:
                cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")  # noqa: S608
                tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def migrated_world_take(aliases: set[str] | list[str]) -> None:
    """Just after the test databases are migrated (tests/conftest.py's `django_db_setup`): keep
    their rows, to be written again after each flush."""
    from certify.core.models import DataVersion

    kept = set(_kept_tables())
    for alias in dbsetup._real_aliases(set(aliases)):
        as_migrated[alias] = tables_now(alias)
        _migrated_versions[alias] = list(
            DataVersion.objects.using(alias).values_list("key", flat=True)
        )
        # The content types and permissions are as post_migrate writes them: the first teardown
        # of the process keeps them too, unless its test changed them.
        _kept_after_full_flush[alias] = _kept_state(alias)
        rows = []
        for model in dbsetup._concrete_models():
            if model is DataVersion or model._meta.db_table in kept:
                continue
            state = dbsetup._table_state(model, alias)
            if not state:
                continue
            if model._meta.parents:
                raise AssertionError(
                    f"tests/flushes.py cannot give back multi-table {model._meta.label} rows"
                )
            names = [f.attname for f in model._meta.concrete_fields]
            rows.append((model, [dict(zip(names, v, strict=True)) for v in state.values()]))
        _migrated_world[alias] = dbsetup.Snapshot(rows=rows, program_pk=None, exact=True)


def migrated_world_restore(alias: str) -> None:
    """After a flush: the rows the migrations made, as they made them."""
    world = _migrated_world.get(alias)
    if world is not None and world.rows:
        dbsetup.snapshot_restore(world, alias)
    _versions_bumped(alias, _migrated_versions.get(alias, []))


def _versions_bumped(alias: str, keys: list[int]) -> None:
    """The data versions the migrations left, each a new version as the database's triggers
    write it (certify/core/data_versions.py): the number the migration gave one could be a
    version a test's process already kept a page under."""
    if not keys:
        return
    conn = connections[alias]
    with conn.cursor() as cursor:
        for key in keys:
            if conn.vendor == "postgresql":
                cursor.execute("SELECT certify_data_version_bump(%s)", [key])
            else:
                cursor.execute(
                    "INSERT INTO core_dataversion (key, version) VALUES (%s, random()) "
                    "ON CONFLICT (key) DO UPDATE SET version = excluded.version",
                    [key],
                )


def transactional_teardown(self: TransactionTestCase) -> None:
    """TransactionTestCase's teardown, without writing the content types and permissions again
    when the test left them as the last full flush did: every other table is emptied as Django
    empties it, and those two keep the rows post_migrate would write. A test that changed either
    table (or asks for `available_apps` or a serialized rollback) gets Django's flush. Then the
    rows the migrations made are written again (not after Django's own teardown for
    `available_apps` or a serialized rollback, which restore what they choose)."""
    if self.available_apps is not None or self.serialized_rollback:
        _django_fixture_teardown(self)
        return
    for alias in self._databases_names(include_mirrors=False):
        conn = connections[alias]
        if _kept_after_full_flush.get(alias) != _kept_state(alias):
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                reset_sequences=False,
                allow_cascade=False,
                inhibit_post_migrate=False,
            )
            _kept_after_full_flush[alias] = _kept_state(alias)
        else:
            kept = set(_kept_tables())
            tables = [
                t
                for t in conn.introspection.django_table_names(
                    only_existing=True, include_views=False
                )
                if t not in kept
            ]
            conn.ops.execute_sql_flush(
                conn.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
            )
        migrated_world_restore(alias)
