"""How the suite orders and shares its tests (tests/conftest.py, docs/testing.md "Order"): slow
modules first, and tests marked `database_free` left out of the PostgreSQL suite only, never a
test that uses the database."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.database_free


class Item:
    def __init__(self, nodeid: str, *, marks: tuple[str, ...] = (), fixtures: tuple = ()):
        self.nodeid = nodeid
        self.marks = marks
        self.fixturenames = list(fixtures)

    def get_closest_marker(self, name: str):
        return SimpleNamespace(name=name) if name in self.marks else None


def _config() -> SimpleNamespace:
    deselected: list = []
    hook = SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    return SimpleNamespace(hook=hook, deselected=deselected)


def _sorted(items: list[Item]) -> list[str]:
    hook = conftest.pytest_collection_modifyitems(_config(), items)
    next(hook)  # the part before pytest-django's own sort
    return [item.nodeid for item in items]


def test_every_slow_module_named_exists():
    missing = [m for m in conftest.SLOW_MODULES if not (ROOT / m).is_file()]
    assert not missing, f"SLOW_MODULES names modules that are gone: {missing}"


def test_slow_modules_come_first_and_the_rest_keep_their_order(monkeypatch):
    monkeypatch.setattr(conftest, "connection", SimpleNamespace(vendor="sqlite"))
    first, second = conftest.SLOW_MODULES[:2]
    items = [
        Item("tests/core/test_money.py::test_1"),
        Item(f"{second}::test_x"),
        Item("tests/core/test_money.py::test_2"),
        Item(f"{first}::test_y"),
        Item(f"{second}::test_z"),
    ]
    assert _sorted(items) == [
        f"{first}::test_y",
        f"{second}::test_x",
        f"{second}::test_z",
        "tests/core/test_money.py::test_1",
        "tests/core/test_money.py::test_2",
    ]


def test_database_free_tests_run_on_sqlite():
    config = _config()
    items = [
        Item("tests/core/test_rows.py::free", marks=("database_free",)),
        Item("tests/core/test_rows.py::db", fixtures=("db",)),
    ]
    conftest._database_free_left_out(config, items)
    assert [i.nodeid for i in items] == [
        "tests/core/test_rows.py::free",
        "tests/core/test_rows.py::db",
    ]
    assert config.deselected == []


def test_database_free_tests_are_left_out_of_the_postgresql_suite(monkeypatch):
    monkeypatch.setattr(conftest, "connection", SimpleNamespace(vendor="postgresql"))
    config = _config()
    free = Item("tests/core/test_rows.py::free", marks=("database_free",))
    items = [
        Item("tests/core/test_rows.py::a", fixtures=("db",)),
        free,
        Item("tests/core/test_rows.py::b"),
    ]
    conftest._database_free_left_out(config, items)
    assert [i.nodeid for i in items] == ["tests/core/test_rows.py::a", "tests/core/test_rows.py::b"]
    assert config.deselected == [free]


@pytest.mark.parametrize(
    "item",
    [
        Item("tests/core/test_rows.py::x", marks=("database_free",), fixtures=("db",)),
        Item(
            "tests/core/test_rows.py::x", marks=("database_free",), fixtures=("transactional_db",)
        ),
        Item("tests/core/test_rows.py::x", marks=("database_free",), fixtures=("live_server",)),
        Item("tests/core/test_rows.py::x", marks=("database_free", "django_db")),
    ],
)
def test_a_database_test_marked_database_free_stops_the_run(monkeypatch, item):
    monkeypatch.setattr(conftest, "connection", SimpleNamespace(vendor="postgresql"))
    with pytest.raises(pytest.UsageError, match="database_free but uses the database"):
        conftest._database_free_left_out(_config(), [item])


LOG = """tests/core/test_money.py ....                                   [100%]
============================= slowest 25 durations =============================
9.50s call     tests/security/test_permission_matrix.py::test_pages
3.10s setup    tests/rest/test_contract.py::test_fuzz
0.40s call     tests/core/test_money.py::test_cents
=========================== short test summary info ============================
FAILED tests/core/test_money.py::test_cents
"""


def test_make_test_repeats_each_steps_slowest_tests_from_its_log(tmp_path, monkeypatch, capsys):
    from tools import test_all

    monkeypatch.setattr(test_all, "LOGS", tmp_path)
    (tmp_path / "test-sqlite.log").write_text(LOG)
    (tmp_path / "lint.log").write_text("All checks passed!\n")
    assert test_all.slowest("test-sqlite", most=2) == [
        "9.50s call     tests/security/test_permission_matrix.py::test_pages",
        "3.10s setup    tests/rest/test_contract.py::test_fuzz",
    ]
    assert test_all.slowest("lint") == []
    assert test_all.slowest("test-browser") == []  # no log
    test_all.print_slowest(["test-sqlite", "test-browser"])
    printed = capsys.readouterr().out
    assert "===== test-sqlite: slowest (of --durations) =====" in printed
    assert "0.40s call     tests/core/test_money.py::test_cents" in printed
    assert "FAILED" not in printed
    assert "test-browser" not in printed


@pytest.mark.parametrize(("cores", "workers"), [(None, 0), (1, 0), (2, 0), (3, 0), (4, 2), (8, 4)])
def test_side_by_side_each_database_suite_gets_half_the_cores(monkeypatch, cores, workers):
    """Half the cores; a share of one process runs in pytest's own (0: no pytest-xdist worker)."""
    from tools import test_all

    monkeypatch.setattr(test_all.os, "cpu_count", lambda: cores)
    assert test_all.workers_per_suite() == workers


def test_the_makefile_runs_each_database_suite_with_the_workers_make_test_sets():
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "TEST_WORKERS"}  # `make test` sets it

    def dry_run(*args: str) -> str:
        done = subprocess.run(
            ["make", "-n", *args], capture_output=True, text=True, check=True, cwd=root, env=env
        )
        return done.stdout

    for target in ("test-sqlite", "test-postgres"):
        assert "--ignore=tests/browser -n 0 " in dry_run(target, "TEST_WORKERS=0")
        assert "--ignore=tests/browser -n auto " in dry_run(target)  # alone: every core
