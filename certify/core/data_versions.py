"""Versions of a person's data that the database itself changes (ADR 0071).

A page that is the same from one change of its rows to the next (a candidate's plan) can be kept
per process by a version of those rows, and then costs none of their queries, only when every
change to them changes the version: services, signals, a plain `.update()`, raw SQL, a
migration, another server. Only the database sees all of those, so the versions are written by
triggers, installed by each app's migrations for the tables it owns (`track`):

- **A person's rows** (`person=` the SQL for the person's id, written with `{row}` for the row:
  `"{row}.candidate_id"`, or a SELECT of the persons (one column, `person`) for a row that
  reaches them through other tables, or that several people's pages show: a portfolio's
  reviewers): every insert, update and delete gives each of those people's `DataVersion` (key =
  their id) a new version; an update that moves a row to another person gives both a new one.
  With `columns=`, only an update of those columns does (the others are shown by no kept page).
- **Rows every person's pages share** (`person=None`: programs, framework versions, competency
  sets): any change gives key 0 a new version.

A new version is never one given before, even by a transaction that rolled back: on PostgreSQL
the next value of a sequence (not transactional), on SQLite a random 64-bit number. So a page
kept under a version read in a transaction that later rolled back, or in a test whose database was
rolled back, can never be mistaken for the page of a later change.

A page reads the versions with the signed-in person's own row, at no extra query
(`accounts.api.versions_key`), and must read the rows it keeps from the same database (the
primary, not a read replica, whose rows may lag behind the versions).

The triggers run in the writing transaction and update one row per person: two transactions
writing rows of the same person wait for each other at the version row, as they would at any
shared row (see ADR 0071 for what that means for lock order).
"""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SHARED = 0
# The databases the triggers are written for; on any other, no page is kept by versions.
VENDORS = frozenset({"postgresql", "sqlite"})

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


def _persons(person: str, row: str) -> str:
    """The SELECT of the persons `row` (OLD or NEW) is about, one column named `person`."""
    sql = person.format(row=row)
    return sql if sql.lstrip().upper().startswith("SELECT") else f"SELECT {sql} AS person"


def _events(columns: tuple[str, ...]) -> str:
    update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
    return f"INSERT OR {update} OR DELETE"


def _postgresql(
    table: str, person: str | None, columns: tuple[str, ...], name: str
) -> tuple[str, str]:
    if person is None:
        create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    PERFORM certify_data_version_bump({SHARED});
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER {_events(columns)} OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""
    else:
        old, new = _persons(person, "OLD"), _persons(person, "NEW")
        create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM certify_data_version_bump(person) FROM ({old}) AS persons;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM certify_data_version_bump(person) FROM ({new}) AS persons;
    ELSE
        PERFORM certify_data_version_bump(person) FROM ({old} UNION {new}) AS persons;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER {_events(columns)} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return create, drop


def _sqlite_bump(persons: str) -> str:
    # The WHERE makes `INSERT … SELECT … ON CONFLICT` parse as an upsert (SQLite's rule) and
    # skips a row that reaches no person.
    upsert = "ON CONFLICT (key) DO UPDATE SET version = excluded.version;"
    insert = "INSERT INTO core_dataversion (key, version) SELECT person, random()"
    return f"{insert} FROM ({persons}) WHERE person IS NOT NULL {upsert}"


def _sqlite(
    table: str, person: str | None, columns: tuple[str, ...], name: str
) -> tuple[list[str], list[str]]:
    creates, drops = [], []
    update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
    for event, rows in (("INSERT", ("NEW",)), (update, ("OLD", "NEW")), ("DELETE", ("OLD",))):
        trigger = f"{name}_{event.split()[0].lower()}"
        persons = (
            f"SELECT {SHARED} AS person"
            if person is None
            else " UNION ".join(_persons(person, row) for row in rows)
        )
        creates.append(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} BEGIN {_sqlite_bump(persons)} END;"
        )
        drops.append(f"DROP TRIGGER IF EXISTS {trigger};")
    return creates, drops


def track(
    table: str, *, person: str | None, columns: tuple[str, ...] = (), name: str = ""
) -> migrations.RunPython:
    """The migration operation that installs the triggers of `table` (see the module's text).

    `person`: None for a shared table; else an SQL expression of the row (`{row}` stands for
    it: `"{row}.candidate_id"`) or a SELECT of the persons it is about, as one column named
    `person` (a row that several people's pages show). `columns`: only an update of these
    changes a version (the others are read by no kept page); `name`: a second tracking of the
    same table (another page's readers)."""
    trigger = f"certify_dv_{table}" + (f"_{name}" if name else "")
    made = {"postgresql": _postgresql, "sqlite": _sqlite}

    def run(schema_editor: BaseDatabaseSchemaEditor, part: int) -> None:
        make = made.get(schema_editor.connection.vendor)
        if make is None:  # no triggers: nothing is kept by versions there (VENDORS)
            return
        statements = make(table, person, columns, trigger)[part]
        for statement in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(statement, params=None)

    def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        run(schema_editor, 0)

    def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        run(schema_editor, 1)

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
