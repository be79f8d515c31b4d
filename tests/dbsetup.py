"""What makes the suite's set-up cheap: test databases migrated once per run, LSSCP loaded once
per test process. tests/conftest.py wires these into pytest; the README's Testing section and
docs/testing.md say why.

**One migration per run.** Under pytest-xdist the first worker to need a database migrates its
own and saves it as the run's template (SQLite: a file; PostgreSQL: a database; `make test`'s
SQLite suite in pytest's own process, `-n 0`, saves one too, for the browser tests); every other
worker starts from a copy (SQLite's backup API into its in-memory database; PostgreSQL's
`CREATE DATABASE … TEMPLATE`). Django then runs `migrate` on the copy as usual, which finds
nothing to do, so a migration that is missing or broken still fails the run. The controller
deletes the template when the run ends. Under `make test` the browser tests (one process, SQLite
in a file) copy the SQLite suite's template too: tools/test_all.py names that suite's run in
SHARED_SQLITE_RUN.

**LSSCP replayed.** The first test in a process that asks for LSSCP runs `program_load` in a
transaction that is rolled back and keeps every row it wrote (the program, its sets,
competencies and FAQ, and whatever else the loader writes, e.g. the audit entry). Later tests
insert those rows again in one go, as `loaddata` does: the same primary keys, `pre_save` and
`post_save` sent with `raw=True`, timestamps of fields with `auto_now`/`auto_now_add` taken
afresh. The values are converted for the database once per process and inserted with a few
multi-row INSERT statements per model (the batches `bulk_create` would send); instances are made
only for the models a save signal has receivers for. tests/core/test_lsscp_replay.py checks the
replay; tests/programs/test_loader.py keeps calling the real loader.

**Migrations without django-fsm's listeners.** The project's `migrate` command
(certify/core/management/commands/migrate.py), which Django's test set-up calls too, keeps
django-fsm from connecting a `class_prepared` listener for each historical model a migration
renders; that was half the time of a fresh `migrate`.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, models, transaction
from django.db.models.signals import post_save, pre_save

# --- Test databases ----------------------------------------------------------------------------

TEMPLATE_DIR_PREFIX = "certify-tests-"


def template_dir(run: str) -> Path:
    return Path(tempfile.gettempdir()) / f"{TEMPLATE_DIR_PREFIX}{run}"


def template_name(settings_dict: dict[str, Any], run: str) -> str:
    """The PostgreSQL template database of one run (from the configured name, not the test one)."""
    return f"test_{settings_dict['NAME']}_template_{run[:12]}"


@contextlib.contextmanager
def run_lock(run: str) -> Iterator[None]:
    """One worker at a time builds or copies the run's template."""
    folder = template_dir(run)
    folder.mkdir(exist_ok=True)
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _real_aliases(aliases: set[str]) -> list[str]:
    """The aliases that own a test database (test mirrors share another's)."""
    return [a for a in sorted(aliases) if not connections[a].settings_dict["TEST"].get("MIRROR")]


def copyable(aliases: set[str]) -> bool:
    """Whether every database of the run can start from a template: in-memory SQLite or
    PostgreSQL (a SQLite test database in a file, or another engine, migrates as usual)."""
    for alias in _real_aliases(aliases):
        conn = connections[alias]
        if conn.vendor == "postgresql":
            continue
        if conn.vendor == "sqlite" and conn.creation.is_in_memory_db(
            conn.creation._get_test_db_name()
        ):
            continue
        return False
    return True


@dataclass
class Copies:
    """Connections that keep a copied in-memory SQLite database alive until Django opens its own."""

    keep_open: list[sqlite3.Connection] = field(default_factory=list)

    def close(self) -> None:
        for conn in self.keep_open:
            conn.close()
        self.keep_open.clear()


def template_exists(run: str) -> bool:
    return (template_dir(run) / "ready").exists()


def template_save(aliases: set[str], run: str, originals: dict[str, dict[str, Any]]) -> None:
    """After this worker migrated its databases: keep them as the run's template."""
    folder = template_dir(run)
    for alias in _real_aliases(aliases):
        conn = connections[alias]
        if conn.vendor == "sqlite":
            conn.ensure_connection()
            target = sqlite3.connect(folder / f"{alias}.sqlite3")
            conn.connection.backup(target)
            target.close()
        else:
            test_name = conn.settings_dict["NAME"]
            connections.close_all()  # a template database must have no sessions
            with conn.creation._nodb_cursor() as cursor:
                cursor.execute(
                    f"CREATE DATABASE {conn.ops.quote_name(template_name(originals[alias], run))}"
                    f" TEMPLATE {conn.ops.quote_name(test_name)}"
                )
    (folder / "ready").touch()


def sqlite_copy_in(source: Path, test_name: str) -> sqlite3.Connection:
    """`source` copied into the (in-memory) test database `test_name`; the connection returned
    keeps it alive until Django opens its own."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(test_name, uri=True, check_same_thread=False)
    reader.backup(target)
    reader.close()
    return target


def template_copy(aliases: set[str], run: str) -> Copies:
    """Before Django creates this worker's test databases (keepdb): put the template's copy
    where it will find it."""
    copies = Copies()
    folder = template_dir(run)
    for alias in _real_aliases(aliases):
        conn = connections[alias]
        test_name = conn.creation._get_test_db_name()
        if conn.vendor == "sqlite":
            copies.keep_open.append(sqlite_copy_in(folder / f"{alias}.sqlite3", test_name))
        else:
            quoted = conn.ops.quote_name(test_name)
            with conn.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
                cursor.execute(
                    f"CREATE DATABASE {quoted} TEMPLATE "
                    f"{conn.ops.quote_name(template_name(conn.settings_dict, run))}"
                )
    return copies


# `make test` (tools/test_all.py) names its SQLite suite's run here, so that the browser tests,
# which run beside it on SQLite in a file, start from that suite's template instead of migrating.
SHARED_SQLITE_RUN = "CERTIFY_SQLITE_TEST_RUN"


def run_name(numprocesses: Any) -> str:
    """The controller's run: a new name, except for a SQLite suite when `make test` gave one
    (SHARED_SQLITE_RUN), under pytest-xdist or in pytest's own process (`-n 0`, as `make test`
    runs it on two cores). The browser tests name no `-n` (None): never the shared name, so
    their run never deletes the template."""
    shared = os.environ.get(SHARED_SQLITE_RUN)
    if shared and numprocesses is not None and connections["default"].vendor == "sqlite":
        return shared
    return uuid.uuid4().hex


def own_process_run(run: str) -> str | None:
    """In a test process without pytest-xdist workers: the run whose template it builds, which is
    only `make test`'s SQLite suite's (its name in SHARED_SQLITE_RUN; the browser tests copy
    it), else None (pytest-django's own set-up)."""
    return run if run == os.environ.get(SHARED_SQLITE_RUN) else None


def file_sqlite(aliases: set[str]) -> list[str]:
    """The aliases' SQLite test databases in files, or [] unless every database is one."""
    real = _real_aliases(aliases)
    names = []
    for alias in real:
        conn = connections[alias]
        name = conn.creation._get_test_db_name()
        if conn.vendor != "sqlite" or conn.creation.is_in_memory_db(name):
            return []
        names.append(name)
    return names


def template_borrow(aliases: set[str]) -> bool:
    """Without pytest-xdist, with SQLite test databases in files (the browser tests): copy the
    template of `make test`'s SQLite suite into them when that suite has one (waiting while its
    first worker migrates). False, and nothing copied, when there is none: migrate as usual."""
    run = os.environ.get(SHARED_SQLITE_RUN)
    names = file_sqlite(aliases)
    if not run or not names or not template_dir(run).exists():
        return False
    folder = template_dir(run)
    real = _real_aliases(aliases)
    with run_lock(run):
        sources = [folder / f"{alias}.sqlite3" for alias in real]
        if not template_exists(run) or not all(source.exists() for source in sources):
            return False
        for source, name in zip(sources, names, strict=True):
            sqlite_copy_to_file(source, name)
    return True


def sqlite_copy_to_file(source: Path, name: str) -> None:
    """`source` copied into the SQLite test database in the file `name` (what was there goes)."""
    for leftover in (name, f"{name}-wal", f"{name}-shm"):
        Path(leftover).unlink(missing_ok=True)
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(name)
    reader.backup(writer)
    writer.close()
    reader.close()


def template_delete(run: str) -> None:
    """In the controller when the run ends: the files, and the PostgreSQL template databases."""
    for alias in connections:
        conn = connections[alias]
        if conn.vendor != "postgresql" or conn.settings_dict["TEST"].get("MIRROR"):
            continue
        if not (template_dir(run) / "ready").exists():
            continue
        with conn.creation._nodb_cursor() as cursor:
            name = conn.ops.quote_name(template_name(conn.settings_dict, run))
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
    with run_lock(run):  # not while the browser tests copy the SQLite template
        (template_dir(run) / "ready").unlink(missing_ok=True)
    shutil.rmtree(template_dir(run), ignore_errors=True)


# --- LSSCP, loaded once per process and replayed ---------------------------------------------

# Far above any primary key a test creates before asking for LSSCP, so the replayed rows never
# collide with a test's own (SQLite gives a key again once the row is rolled back).
SQLITE_KEY_OFFSET = 1_000_000


@dataclass
class Snapshot:
    """Rows a load wrote, per model in the order first written; values by attname."""

    rows: list[tuple[type[models.Model], list[dict[str, Any]]]]
    program_pk: Any
    # Values as the database held them, `auto_now` fields included (the migrated world,
    # tests/flushes.py); otherwise those fields take the current time, as a load would give them.
    exact: bool = False
    # Per database alias, the replay made ready on first use (_replay_plan).
    plans: dict[str, list[_ModelReplay]] = field(default_factory=dict, repr=False)


@dataclass
class _ModelReplay:
    """One model's rows, ready to insert: INSERT statements of as many rows as the database takes
    in one (as `bulk_create` batches them), each with its rows' parameters as the database takes
    them, converted once per process; and the positions of the fields whose value is taken
    afresh (`auto_now`, `auto_now_add`)."""

    model: type[models.Model]
    fields: list[models.Field]
    values: list[dict[str, Any]]
    batches: list[tuple[str, list[list[Any]]]]
    fresh: list[int]


def _concrete_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _table_state(model: type[models.Model], alias: str) -> dict[Any, tuple[Any, ...]]:
    names = [f.attname for f in model._meta.concrete_fields]
    return {
        row[0]: row[1:]
        for row in model._base_manager.using(alias).values_list("pk", *names).iterator()
    }


def _sqlite_keys_raise(alias: str) -> None:
    """Inside the snapshot's transaction: new rows get keys above SQLITE_KEY_OFFSET."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        for model in _concrete_models():
            if not isinstance(model._meta.pk, models.AutoField):
                continue
            table = model._meta.db_table
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                [SQLITE_KEY_OFFSET, table],
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                    [table, SQLITE_KEY_OFFSET],
                )


def snapshot_take(load: Any, alias: str = "default") -> Snapshot:
    """Run `load()` (which returns the program) in a rolled-back transaction; keep its rows.
    Not the data versions: the database's triggers write them again for the replayed rows."""
    from certify.core.models import DataVersion

    every = [m for m in _concrete_models() if m is not DataVersion]
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "sqlite":
            _sqlite_keys_raise(alias)
        before = {m: _table_state(m, alias) for m in every}
        program = load()
        rows = []
        for model in every:
            after = _table_state(model, alias)
            old = before[model]
            changed = [pk for pk, values in old.items() if after.get(pk) != values]
            if changed:
                raise AssertionError(
                    f"tests/dbsetup.py replays only rows a load adds, but it changed or deleted "
                    f"{model._meta.label} {changed[:5]}: teach snapshot_take that, or load for real"
                )
            new = [pk for pk in after if pk not in old]
            if new:
                if model._meta.parents:
                    raise AssertionError(
                        f"tests/dbsetup.py cannot replay multi-table {model._meta.label} rows"
                    )
                names = [f.attname for f in model._meta.concrete_fields]
                rows.append((model, [dict(zip(names, after[pk], strict=True)) for pk in new]))
        transaction.set_rollback(True, using=alias)
    return Snapshot(rows=rows, program_pk=program.pk)


# Fields whose `pre_save` gives the instance's value back (the date fields do unless `auto_now`
# or `auto_now_add`, which _fresh picks out).
_PLAIN_PRE_SAVE = {
    models.Field.pre_save,
    models.DateField.pre_save,
    models.DateTimeField.pre_save,
    models.TimeField.pre_save,
}


def _fresh(f: models.Field) -> bool:
    """A field whose saved value is not the instance's: a date with `auto_now`/`auto_now_add`."""
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def _replay_plan(snapshot: Snapshot, alias: str) -> list[_ModelReplay]:
    """Convert the snapshot's values for the database once (what `bulk_create` does for each
    row of each replay): the same `get_db_prep_save` of each field, in one statement per model."""
    plan = snapshot.plans.get(alias)
    if plan is not None:
        return plan
    conn = connections[alias]
    quote = conn.ops.quote_name
    plan = []
    fresh = (lambda f: False) if snapshot.exact else _fresh
    for model, values in snapshot.rows:
        fields = list(model._meta.concrete_fields)
        plain = [f for f in fields if not fresh(f)]
        if not snapshot.exact and any(type(f).pre_save not in _PLAIN_PRE_SAVE for f in plain):
            raise AssertionError(
                f"tests/dbsetup.py cannot replay {model._meta.label}: a field computes its value "
                "when saved; teach _replay_plan that field"
            )
        params = [
            [
                None if fresh(f) else f.get_db_prep_save(row[f.attname], connection=conn)
                for f in fields
            ]
            for row in values
        ]
        size = max(conn.ops.bulk_batch_size(fields, values), 1)
        columns = ", ".join(quote(f.column) for f in fields)
        marks = f"({', '.join(['%s'] * len(fields))})"
        table = quote(model._meta.db_table)
        batches = []
        for start in range(0, len(params), size):
            rows = params[start : start + size]
            sql = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - quoted names
            batches.append((sql + ", ".join([marks] * len(rows)), rows))
        plan.append(
            _ModelReplay(
                model=model,
                fields=fields,
                values=values,
                batches=batches,
                fresh=[n for n, f in enumerate(fields) if fresh(f)],
            )
        )
    snapshot.plans[alias] = plan
    return plan


def _instance(replay: _ModelReplay, row: dict[str, Any]) -> models.Model:
    """A fresh instance for the signals (its own copies of dict and list values)."""
    return replay.model(
        *(
            copy.deepcopy(v) if isinstance(v := row[f.attname], dict | list) else v
            for f in replay.fields
        )
    )


def snapshot_restore(snapshot: Snapshot, alias: str = "default") -> None:
    """Insert the rows again, as `loaddata` would (signals with raw=True)."""
    conn = connections[alias]
    with transaction.atomic(using=alias), conn.cursor() as cursor:
        for replay in _replay_plan(snapshot, alias):
            model = replay.model
            # `auto_now`/`auto_now_add`: one current time for every row, as the field gives it.
            now = {n: replay.fields[n].pre_save(_Scratch(), True) for n in replay.fresh}
            prepared = {
                n: replay.fields[n].get_db_prep_save(v, connection=conn) for n, v in now.items()
            }
            # Instances only for a model something listens to (the catalogue cache: programs and
            # sets); the others' signals would reach no receiver.
            listened = pre_save.has_listeners(model) or post_save.has_listeners(model)
            objs = [_instance(replay, row) for row in replay.values] if listened else []
            for obj in objs:
                pre_save.send(sender=model, instance=obj, raw=True, using=alias, update_fields=None)
            for sql, rows in replay.batches:
                cursor.execute(
                    sql,
                    [prepared.get(n, v) for row in rows for n, v in enumerate(row)]
                    if prepared
                    else [v for row in rows for v in row],
                )
            for obj in objs:
                for n, value in now.items():
                    setattr(obj, replay.fields[n].attname, value)
                obj._state.adding = False
                obj._state.db = alias
                post_save.send(
                    sender=model,
                    instance=obj,
                    created=True,
                    update_fields=None,
                    raw=True,
                    using=alias,
                )
        if conn.vendor == "postgresql":
            _sequences_past(snapshot, cursor)


def _sequences_past(snapshot: Snapshot, cursor: Any) -> None:
    """PostgreSQL: the replayed rows keep the keys they had when the snapshot was taken, and a
    sequence may have been set back since (a bulk load's `sequence_reset_sql` sets it to the
    table's highest key, and `setval` outlives the rolled-back test): it would then hand out a
    replayed key again. Each sequence is moved past the snapshot's highest key, never back; one
    statement."""
    highest = [
        (
            model._meta.db_table,
            model._meta.pk.column,
            max(row[model._meta.pk.attname] for row in rows),
        )
        for model, rows in snapshot.rows
        if rows
        and isinstance(
            model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField
        )
    ]
    if not highest:
        return
    one = (
        "SELECT setval(s::regclass, GREATEST(%s, COALESCE(pg_sequence_last_value(s::regclass), 0)))"
        " FROM (SELECT pg_get_serial_sequence(%s, %s) AS s) AS q WHERE s IS NOT NULL"
    )
    cursor.execute(
        " UNION ALL ".join([one] * len(highest)),
        [value for table, column, top in highest for value in (top, table, column)],
    )


class _Scratch:
    """Where a field's `pre_save` may set the value it computes (read back from its return)."""
