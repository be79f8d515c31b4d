"""`--clock` (tests/clock.py, docs/testing.md "The clock"): a run that starts at a chosen instant,
in pytest's own process and in each pytest-xdist worker, and ticks from there."""

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.clock import clock_instant

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.database_free

# 19:30 in Chicago on February 28: already February 29 in UTC, and in a leap year.
INSTANT = "2028-02-28T19:30:00-06:00"


def test_an_instant_is_read_with_its_offset_and_kept_in_utc():
    assert clock_instant(INSTANT) == datetime(2028, 2, 29, 1, 30, tzinfo=UTC)
    assert clock_instant("2027-03-14T08:30:00Z") == datetime(2027, 3, 14, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [("2027-03-14T02:30:00", "has no UTC offset"), ("tomorrow", "is not a date and time")],
)
def test_an_instant_without_its_offset_or_not_an_instant_is_refused(text, words):
    with pytest.raises(pytest.UsageError, match=words):
        clock_instant(text)


def test_this_process_reads_the_runs_clock(request):
    """Run by the next test in a pytest-xdist worker; skipped in a run without `--clock`."""
    text = request.config.getoption("clock")
    if not text:
        pytest.skip("runs with --clock (the next test starts a run with it)")
    start = clock_instant(text)
    now = timezone.now()
    assert start <= now < start + timedelta(minutes=10)  # there, and ticking from there
    assert datetime.now(UTC) - now < timedelta(seconds=5)
    assert start <= datetime.fromtimestamp(time.time(), UTC) < start + timedelta(minutes=10)
    # The process's zone stays the site's: Chicago's day, not UTC's.
    assert timezone.localdate() == timezone.localtime(now).date()
    if text == INSTANT:
        assert timezone.localdate() == date(2028, 2, 28)
        assert date.today() == date(2028, 2, 28)  # noqa: DTZ011 (the process's zone is read)
        assert datetime.now(UTC).date() == date(2028, 2, 29)


def test_a_run_with_the_clock_moves_each_workers_clock():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_ADDOPTS")}
    node = "tests/core/test_clock.py::test_this_process_reads_the_runs_clock"
    pytest_args = ["-q", "-p", "no:cacheprovider", "-n", "1", "--clock", INSTANT, "-rs", node]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout, run.stdout
