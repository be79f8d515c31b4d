"""`--clock`: a test run that starts at a chosen wall-clock instant (docs/testing.md, "The clock").

`pytest --clock 2027-03-14T01:30:00-06:00 tests/renewals` moves the clock of every test process
(pytest's own, each pytest-xdist worker) to that instant when the process starts, and lets it
tick from there: `time.time`, `datetime.now`, `date.today` and so Django's `timezone.now` and
`timezone.localdate` all read the shifted clock (time-machine). The suite's results must not
depend on the hour or the day it runs at; this finds the tests and the rules that do, at the
awkward instants (the evening when UTC is already tomorrow, midnight in a program's zone, the
last day of a month, February 29, a daylight saving change).

Not shifted: what another process reads (a `manage.py` or server a test starts, Redis's expiry
times) and what a database computes itself (SQLite's `'now'`, PostgreSQL's `now()`; Certify's
code asks neither, every time is written from Python). A test pinned to an instant travels there
itself (`clock_at` below), inside this run's clock. A test that checks what another process
says about our times (Digital Bazaar's verifier and wallet in node, which read their own clock)
is marked `real_clock` and skipped in a `--clock` run."""

from datetime import UTC, datetime

import pytest
import time_machine

CLOCK = pytest.StashKey[time_machine.travel]()
MOVED: list[str] = []  # the instant of this process's `--clock`, when the run has one


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        default=None,
        help=(
            "start every test process's clock at INSTANT (ISO 8601 with its UTC offset, e.g. "
            "2027-03-14T01:30:00-06:00) and let it tick: the suite at another hour or day"
        ),
    )


def clock_instant(text: str) -> datetime:
    """The instant `--clock` names, in UTC; a clear error for a time without its offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"--clock {text!r} is not a date and time (e.g. 2027-03-14T01:30:00-06:00)"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise pytest.UsageError(
            f"--clock {text!r} has no UTC offset: write it with one, e.g. -06:00 for Chicago in "
            "winter, -05:00 in summer, or Z for UTC (a local time alone can be missing or "
            "twice on a daylight saving night)"
        )
    return moment.astimezone(UTC)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    text = config.getoption("clock", None)
    if not text:
        return
    # A timestamp, not a datetime: time-machine sets the process's zone (TZ) to a datetime's
    # when it is UTC or a ZoneInfo, and the process's zone must stay the site's (Django sets it
    # to TIME_ZONE), or `date.today()` would be UTC's day.
    traveller = time_machine.travel(clock_instant(text).timestamp(), tick=True)
    traveller.start()
    config.stash[CLOCK] = traveller
    MOVED[:] = [text]


def clock_moved() -> bool:
    """Whether this run's clock was moved (`--clock`): other processes then disagree with it."""
    return bool(MOVED)


def pytest_runtest_setup(item):
    if MOVED and item.get_closest_marker("real_clock"):
        pytest.skip(f"another process checks our times on its own clock (--clock {MOVED[0]})")


def pytest_unconfigure(config):
    traveller = config.stash.get(CLOCK, None)
    if traveller is not None:
        traveller.stop()
        del config.stash[CLOCK]
        MOVED.clear()


def pytest_report_header(config):
    text = config.getoption("clock", None)
    if text:
        return (
            f"clock: started at {clock_instant(text).isoformat()} and ticking (--clock; "
            "not shifted: other processes, the database's own now)"
        )
    return None


def clock_at(text: str) -> pytest.MarkDecorator:
    """A test that runs at an instant (ISO 8601 with its offset), ticking from there: where a
    `--clock` run found the test or the rule depending on the hour or the day, the test keeps
    that instant. time-machine's marker, given a timestamp (see `pytest_configure`)."""
    return pytest.mark.time_machine(clock_instant(text).timestamp(), tick=True)
