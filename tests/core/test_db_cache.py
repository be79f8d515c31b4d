"""Migrated test databases kept between runs (tests/dbcache.py): used only under the key of
everything migrating reads, copied whole, and never behind the migrations."""

import sqlite3
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import dbcache


@pytest.fixture
def fresh_key():
    dbcache.key.cache_clear()
    yield
    dbcache.key.cache_clear()


@pytest.fixture
def folder(monkeypatch, tmp_path):
    monkeypatch.setattr(dbcache, "FOLDER", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.mark.database_free
def test_imports_of_the_project_are_read_absolute_from_and_relative(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n"
        "import certify.core.codes\n"
        "from certify.programs import rule_text\n"
        "from certify.core.money import Money\n"
        "from . import sibling\n"
        "from ..selectors import holder\n"
    )
    found = dbcache._imported(module, "certify.renewals.migrations")
    assert {"certify.core.codes", "certify.programs.rule_text", "certify.core.money"} <= found
    assert {"certify.renewals.migrations.sibling", "certify.renewals.selectors.holder"} <= found
    assert {"certify", "certify.core", "certify.programs"} <= found  # their packages run first
    assert "os" not in found


@pytest.mark.database_free
def test_the_modules_migrations_reach_are_followed_through_their_own_imports():
    # 0004 imports certify.programs.rule_text, which imports certify.core.money.
    reached = dbcache.project_modules({"certify.programs.migrations.0004_rules_have_no_defaults"})
    assert {"certify.programs.rule_text", "certify.core.money"} <= reached.keys()
    assert {"certify", "certify.programs", "certify.core"} <= reached.keys()
    assert all(path.suffix == ".py" and path.exists() for path in reached.values())


@pytest.mark.database_free
def test_the_key_changes_with_a_migration_a_module_it_reaches_and_the_settings(
    fresh_key, monkeypatch
):
    first = dbcache.key("default")
    assert dbcache.key("default") == first  # read once per process
    real_read = Path.read_bytes

    def changed(name: str):
        def read(path: Path) -> bytes:
            text = real_read(path)
            return text + b"\n# changed\n" if path.as_posix().endswith(name) else text

        return read

    keys = {first}
    for name in (
        "certify/certificates/migrations/0009_issuer_key_did.py",  # a migration
        "certify/certificates/credentials/keys.py",  # code a migration calls
        "certify/core/management/commands/migrate.py",  # the command
        "uv.lock",  # the libraries
    ):
        dbcache.key.cache_clear()
        monkeypatch.setattr(Path, "read_bytes", changed(name))
        keys.add(dbcache.key("default"))
    monkeypatch.setattr(Path, "read_bytes", real_read)
    dbcache.key.cache_clear()
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "certify.settings.other")
    keys.add(dbcache.key("default"))
    assert len(keys) == 6


@pytest.mark.database_free
def test_a_module_no_migration_reaches_leaves_the_key(fresh_key, monkeypatch):
    first = dbcache.key("default")
    real_read = Path.read_bytes
    reached = dbcache.project_modules({"certify.core.management.commands.migrate"})
    assert "certify.rest.api" not in reached

    def read(path: Path) -> bytes:
        text = real_read(path)
        return text + b"# changed" if path.as_posix().endswith("certify/rest/api.py") else text

    monkeypatch.setattr(Path, "read_bytes", read)
    dbcache.key.cache_clear()
    assert dbcache.key("default") == first


@pytest.mark.database_free
def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    binaries = tmp_path / "bin"  # what tools/pgcluster.py names
    binaries.mkdir()
    for name in ("pg_dump", "pg_restore"):
        (binaries / name).touch(mode=0o755)
    monkeypatch.setenv("PG_BINDIR", str(binaries))
    monkeypatch.setenv(dbcache.OFF, "0")
    assert not dbcache.usable({"default"})
    monkeypatch.setenv(dbcache.OFF, "1")
    assert dbcache.usable({"default"})
    monkeypatch.delenv("PG_BINDIR")
    assert dbcache.usable({"default"}) == (connection.vendor == "sqlite")


def test_the_suites_database_is_never_behind_the_migrations(db):
    # Whether this run migrated or started from a cached copy: nothing is left to apply.
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def _migrations_recorded(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's copy (PostgreSQL: make test)")
def test_a_kept_database_is_the_migrated_one_whole_and_only_the_newest_are_kept(
    transactional_db, folder
):
    # Outside a transaction, as the set-up keeps it (SQLite's backup waits for one to end).
    folder.mkdir()
    for n in range(dbcache.KEPT + 1):
        (folder / f"default-old{n}.sqlite3").write_bytes(b"")
    dbcache.save({"default"})
    entry = dbcache._entry("default", dbcache.key("default"))
    assert entry.exists()
    assert sorted(folder.iterdir()) == sorted(folder.glob("default-*.sqlite3"))  # no partial
    assert len(list(folder.iterdir())) == dbcache.KEPT
    kept = sqlite3.connect(entry)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert _migrations_recorded(kept) == cursor.fetchone()[0] > 100
    kept.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's copy")
def test_a_kept_database_is_copied_into_the_test_database_or_not_at_all(
    db, folder, monkeypatch, tmp_path
):
    target = tmp_path / "browser.sqlite3"
    monkeypatch.setattr(connection.creation, "_get_test_db_name", lambda: str(target))
    assert dbcache.load({"default"}) is None  # nothing kept under this key
    assert not target.exists()
    folder.mkdir()
    made = sqlite3.connect(dbcache._entry("default", dbcache.key("default")))
    made.execute("CREATE TABLE django_migrations (id INTEGER)")
    made.execute("INSERT INTO django_migrations VALUES (1)")
    made.commit()
    made.close()
    target.write_bytes(b"left from a crashed run")
    copies = dbcache.load({"default"})
    assert copies is not None
    assert copies.keep_open == []
    copied = sqlite3.connect(target)
    assert _migrations_recorded(copied) == 1
    copied.close()


@pytest.mark.database_free
def test_setting_up_from_a_copy_or_by_migrating(monkeypatch):
    calls: list[dict] = []
    saved: list[set] = []

    def setup(**options):
        calls.append(options)
        return "configuration"

    class Kept:
        closed = False

        def close(self):
            self.closed = True

    kept = Kept()
    monkeypatch.setattr(dbcache, "usable", lambda aliases: True)
    monkeypatch.setattr(dbcache, "save", saved.append)
    monkeypatch.setattr(dbcache, "load", lambda aliases: kept)
    assert dbcache.migrated({"default"}, setup) == "configuration"
    assert calls == [{"keepdb": True}]
    assert kept.closed
    assert saved == []
    monkeypatch.setattr(dbcache, "load", lambda aliases: None)
    dbcache.migrated({"default"}, setup)
    assert calls[-1] == {}
    assert saved == [{"default"}]
    monkeypatch.setattr(dbcache, "usable", lambda aliases: False)
    dbcache.migrated({"default"}, setup)
    assert calls[-1] == {}
    assert len(saved) == 1


@pytest.mark.database_free
def test_a_copy_or_a_keeping_that_fails_never_fails_the_run(monkeypatch):
    calls: list[dict] = []

    def setup(**options):
        calls.append(options)
        return "configuration"

    def fails(aliases):
        raise OSError("No space left on device")

    monkeypatch.setattr(dbcache, "usable", lambda aliases: True)
    monkeypatch.setattr(dbcache, "load", fails)
    monkeypatch.setattr(dbcache, "save", fails)
    with pytest.warns(UserWarning, match="test database was not") as said:
        assert dbcache.migrated({"default"}, setup) == "configuration"
    assert calls == [{}]  # migrated as without the cache
    assert ["not copied" in str(w.message) for w in said] == [True, False]
