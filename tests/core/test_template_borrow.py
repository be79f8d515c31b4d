"""`make test` names its SQLite suite's run (tools/test_all.py), so the browser tests, on SQLite in
a file beside it, copy that suite's migrated template instead of migrating again
(tests/dbsetup.py, docs/testing.md)."""

import sqlite3
import uuid

import pytest

from tests import dbsetup
from tools import test_all

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


@pytest.fixture
def run(monkeypatch):
    name = f"borrow-{uuid.uuid4().hex}"
    monkeypatch.setenv(dbsetup.SHARED_SQLITE_RUN, name)
    yield name
    dbsetup.template_delete(name)


def _template(run: str) -> None:
    """A template as the SQLite suite's first worker leaves it, with a table to recognize."""
    folder = dbsetup.template_dir(run)
    folder.mkdir()
    made = sqlite3.connect(folder / "default.sqlite3")
    made.execute("CREATE TABLE migrated (step TEXT)")
    made.execute("INSERT INTO migrated VALUES ('all of them')")
    made.commit()
    made.close()
    (folder / "ready").touch()


@pytest.fixture
def browser_database(monkeypatch, tmp_path):
    """This process's test database as the browser tests have it: SQLite in a file."""
    name = tmp_path / "browser.sqlite3"
    monkeypatch.setattr(dbsetup, "file_sqlite", lambda aliases: [str(name)])
    monkeypatch.setattr(dbsetup, "_real_aliases", lambda aliases: ["default"])
    return name


def test_make_test_and_the_suite_use_one_name_for_the_run():
    assert test_all.SHARED_SQLITE_RUN == dbsetup.SHARED_SQLITE_RUN


def test_only_the_sqlite_suite_takes_the_name(run, monkeypatch):
    assert dbsetup.run_name("auto") == run
    assert dbsetup.run_name(2) == run
    assert dbsetup.run_name(0) == run  # -n 0 (`make test` on two cores): it builds the template
    assert dbsetup.run_name(None) != run  # the browser tests: they never delete the template
    monkeypatch.setattr(dbsetup.connections["default"], "vendor", "postgresql")
    assert dbsetup.run_name("auto") != run
    monkeypatch.delenv(dbsetup.SHARED_SQLITE_RUN)
    assert dbsetup.run_name("auto") != dbsetup.run_name("auto")  # a new name each run


def test_only_the_shared_run_builds_a_template_in_one_process(run, monkeypatch):
    assert dbsetup.own_process_run(run) == run  # `make test`'s SQLite suite with -n 0
    assert dbsetup.own_process_run("another") is None  # the browser tests, the PostgreSQL suite
    monkeypatch.delenv(dbsetup.SHARED_SQLITE_RUN)
    assert dbsetup.own_process_run(run) is None  # a run by hand: pytest-django's own set-up


def test_the_browser_database_starts_as_a_copy_of_the_template(run, browser_database):
    _template(run)
    browser_database.write_bytes(b"left from a crashed run")
    assert dbsetup.template_borrow({"default"})
    copy = sqlite3.connect(browser_database)
    assert copy.execute("SELECT step FROM migrated").fetchall() == [("all of them",)]
    copy.close()


def test_without_a_template_ready_the_browser_tests_migrate_as_usual(run, browser_database):
    assert not dbsetup.template_borrow({"default"})  # the SQLite suite has not begun
    assert not dbsetup.template_dir(run).exists()  # and nothing was left behind
    _template(run)
    (dbsetup.template_dir(run) / "ready").unlink()  # its first worker is still migrating
    assert not dbsetup.template_borrow({"default"})
    assert not browser_database.exists()


def test_an_in_memory_database_never_borrows(run, monkeypatch):
    _template(run)
    # The SQLite suite's own database, in memory (set here: when the browser tests are collected
    # in the same run, by `pytest tests`, their set-up keeps the run's database in a file).
    test_settings = dbsetup.connections["default"].settings_dict["TEST"]
    monkeypatch.setitem(test_settings, "NAME", ":memory:")
    assert not dbsetup.template_borrow({"default"})


def test_the_template_is_gone_when_the_sqlite_suite_ends(run):
    _template(run)
    dbsetup.template_delete(run)
    assert not dbsetup.template_dir(run).exists()
