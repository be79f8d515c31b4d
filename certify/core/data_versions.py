"""Versions of a person's data that the database itself changes (ADR 0071).

A page that is the same from one change of its rows to the next (a candidate's plan) can be kept
per process by a version of those rows, and then costs none of their queries, only when every
change to them changes the version: services, signals, a plain `.update()`, raw SQL, a
migration, another server. Only the database sees all of those, so the versions are written by
triggers, installed by each app's migrations for the tables it owns (`track`):

- **A person's rows** (`person=` the SQL for the person's id, written with `{row}` for the row:
  `"{row}.candidate_id"`, or a sub-select for a row that reaches the person through another
  table): every insert, update and delete gives that person's `DataVersion` (key = their id) a
  new version; an update that moves a row to another person gives both a new one.
- **Rows every person's pages share** (`person=None`: programs, framework versions, competency
  sets): any change gives key 0 a new version.

A new version is never one given before, even by a transaction that rolled back: on PostgreSQL
the next value of a sequence (not transactional), on SQLite a random 64-bit number. So a page
kept under a version read in a transaction that later rolled back, or in a test whose database was
rolled back, can never be mistaken for the page of a later change.

A page reads the versions with the signed-in person's own row (accounts' request facts, at no
extra query; the plan registers them in `certify/progress/kept_plan.py`).

The triggers run in the writing transaction and update one row per person: two transactions
writing rows of the same person wait for each other at the version row, as they would at any
shared row (see ADR 0071 for what that means for lock order).
"""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SHARED = 0

# What `migrations 0007_data_versions` of core installs on PostgreSQL.
POSTGRESQL_FUNCTIONS = """
CREATE SEQUENCE IF NOT EXISTS certify_data_version_seq;
CREATE OR REPLACE FUNCTION certify_data_version_bump(person bigint) RETURNS void AS $$
BEGIN
    IF person IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO core_dataversion (key, version)
        VALUES (person, nextval('certify_data_version_seq'))
        ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRESQL_FUNCTIONS_DROP = """
DROP FUNCTION IF EXISTS certify_data_version_bump(bigint);
DROP SEQUENCE IF EXISTS certify_data_version_seq;
"""


def _postgresql(table: str, person: str | None) -> tuple[str, str]:
    name = f"certify_dv_{table}"
    if person is None:
        create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    PERFORM certify_data_version_bump({SHARED});
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""
    else:
        old, new = person.format(row="OLD"), person.format(row="NEW")
        create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM certify_data_version_bump(({old}));
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM certify_data_version_bump(({new}));
    ELSE
        PERFORM certify_data_version_bump(({new}));
        IF ({old}) IS DISTINCT FROM ({new}) THEN
            PERFORM certify_data_version_bump(({old}));
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return create, drop


def _sqlite_bump(person: str) -> str:
    # The WHERE makes `INSERT … SELECT … ON CONFLICT` parse as an upsert (SQLite's rule) and
    # skips a row that reaches no person.
    return (
        f"INSERT INTO core_dataversion (key, version) SELECT ({person}), random() "
        f"WHERE ({person}) IS NOT NULL "
        "ON CONFLICT (key) DO UPDATE SET version = excluded.version;"
    )


def _sqlite(table: str, person: str | None) -> tuple[list[str], list[str]]:
    creates, drops = [], []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",))):
        name = f"certify_dv_{table}_{event.lower()}"
        bumps = (
            [_sqlite_bump(str(SHARED))]
            if person is None
            else [_sqlite_bump(person.format(row=row)) for row in rows]
        )
        creates.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {' '.join(bumps)} END;"
        )
        drops.append(f"DROP TRIGGER IF EXISTS {name};")
    return creates, drops


def track(table: str, *, person: str | None) -> migrations.RunPython:
    """The migration operation that installs the triggers of `table` (see the module's text)."""

    def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, person)[0], params=None)
        elif vendor == "sqlite":
            for statement in _sqlite(table, person)[0]:
                schema_editor.execute(statement, params=None)

    def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, person)[1], params=None)
        elif vendor == "sqlite":
            for statement in _sqlite(table, person)[1]:
                schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


def tracked_tables(connection: Any) -> set[str]:
    """The tables of `connection`'s database that have the triggers (read from the database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'certify_dv_%%' AND NOT t.tgisinternal"
            )
            return {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'certify_dv_%'"
        )
        return {name for (name,) in cursor.fetchall()}
