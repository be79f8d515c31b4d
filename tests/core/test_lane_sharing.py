"""`make test`'s lanes share the cores (tools/test_all.py): the SQLite suite runs a little below
the others' priority when the lanes run side by side, and the run says how busy the cores were
between one step's end and the next (docs/testing.md, "The three lanes")."""

import subprocess

import pytest

from tools import test_all

pytestmark = pytest.mark.database_free


def _commands(monkeypatch, tmp_path):
    seen = []

    def call(command, **kwargs):
        seen.append(command)
        return 0

    monkeypatch.setattr(test_all, "LOGS", tmp_path)
    monkeypatch.setattr(test_all.subprocess, "call", call)
    return seen


def test_the_sqlite_suite_yields_to_the_others_only_side_by_side(monkeypatch, tmp_path):
    seen = _commands(monkeypatch, tmp_path)
    monkeypatch.delenv("TEST_SQLITE_NICE", raising=False)
    test_all.make("test-sqlite", live=False)
    test_all.make("test-postgres", live=False)
    test_all.make("test-sqlite", live=True)  # TEST_LANES=1: one at a time, nobody to yield to
    nice = str(test_all.SQLITE_NICE)
    assert seen == [
        ["nice", "-n", nice, "make", "--no-print-directory", "test-sqlite"],
        ["make", "--no-print-directory", "test-postgres"],
        ["make", "--no-print-directory", "test-sqlite"],
    ]
    monkeypatch.setenv("TEST_SQLITE_NICE", "0")
    test_all.make("test-sqlite", live=False)
    assert seen[-1] == ["make", "--no-print-directory", "test-sqlite"]


def test_the_niced_command_runs(tmp_path):
    """`nice` is on the machine and passes the command through."""
    done = subprocess.run(["nice", "-n", "3", "echo", "ok"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "ok\n")


def test_how_busy_the_cores_were_between_step_ends():
    # (seconds since the start, (busy ticks, total ticks)) at the start and three step ends
    marks = [
        (0.0, (1_000, 10_000)),
        (1134.0, (1_950, 11_000)),  # 95 % of 1,000 ticks busy
        (1675.0, (2_850, 12_000)),  # 90 %
        (1939.0, (3_400, 13_000)),  # 55 %: one lane left on two cores
    ]
    assert test_all.busy_words(marks) == (
        "cores busy: 0:00-18:54 95 %, 18:54-27:55 90 %, 27:55-32:19 55 %"
    )
    # Out of order (lanes end when they end), a step without figures, or none at all.
    assert test_all.busy_words([marks[1], marks[0]]) == "cores busy: 0:00-18:54 95 %"
    assert test_all.busy_words([(0.0, None), (5.0, (1, 2))]) == "cores busy: not measured"
    assert test_all.busy_words([]) == "cores busy: not measured"


def test_the_cores_times_are_read_where_the_system_has_them():
    times = test_all.cpu_times()
    if times is None:
        pytest.skip("no /proc/stat on this system: the run says 'not measured'")
    busy, total = times
    assert 0 < busy < total
