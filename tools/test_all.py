#!/usr/bin/env python3
"""`make test`: every check, the two database runs side by side, and how long each took.

Three lanes run at once, each a chain of Makefile targets:

    checks:      lint (ruff, mypy) → check-migrations → test-browser
    sqlite:      test-sqlite
    postgresql:  test-postgres

The suites spend part of their time waiting (the first pytest-xdist worker migrating while the
other waits for the template, the tail of a run where one worker is left, the browser, files
written to disk), so running them side by side keeps both cores busy; on two quiet cores this is
faster than one after the other (docs/testing.md has the figures). Each step's output goes to
var/test-logs/<target>.log and is printed whole when the step ends; a line says when a step
starts and ends. Near the end, each test step's ten slowest tests are repeated (from its
`--durations` table in its log; not with TEST_LANES=1, whose output is live); just before the
last line, each failed step's failing tests and error lines are repeated; the last line gives
the total time and the time of each step, and the line above it the machine's pace, measured
before the lanes start (tools/pace.py: a fixed Django workload, so that runs on different days
compare). A failing step does not stop the others; the exit status is non-zero if any failed.

`make test TEST_LANES=1` runs the same steps one after the other, with their output live.

Side by side, each database suite gets half the cores (TEST_WORKERS), not every core: three lanes
of two workers each kept six busy processes (besides chromium and the PostgreSQL server) on two
cores, and switching between them cost about a tenth of the run's CPU (docs/testing.md,
"Figures"). Half of two cores is one process per suite, and then the tests run in pytest's own
process (TEST_WORKERS=0, `-n 0`): one pytest-xdist worker only added its controller, a second
Django start, and a report per test sent between the two, about a twentieth of a suite's CPU.
Set TEST_WORKERS to choose.

The SQLite suite's run gets a name here (SHARED_SQLITE_RUN), so the browser tests, which run on
SQLite beside it, start from the template it migrates instead of migrating again
(tests/dbsetup.py, docs/testing.md).

Side by side, the SQLite suite runs a little below the others' priority (`nice`, SQLITE_NICE;
TEST_SQLITE_NICE=0 turns it off): it needs less CPU than the PostgreSQL suite with its server,
so at equal priority it ended minutes earlier and left a core idle while the PostgreSQL suite ran
on alone. While the lanes compete it now yields some CPU to the PostgreSQL suite; a lane alone
still gets a whole core. The browser tests keep the normal priority: they wait on timeouts.

How busy the cores were between one step's end and the next (`/proc/stat`, where the system has
it) is printed above the last line, so an idle core at a run's tail is seen, not guessed.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "var" / "test-logs"
LANES = [
    ["lint", "check-migrations", "test-browser"],
    ["test-sqlite"],
    ["test-postgres"],
]

# How far below the other lanes' priority the SQLite suite runs when the lanes run side by side.
SQLITE_NICE = 3
# The same name as tests/dbsetup.py's SHARED_SQLITE_RUN (tests/core/test_template_borrow.py checks).
SHARED_SQLITE_RUN = "CERTIFY_SQLITE_TEST_RUN"

print_lock = threading.Lock()
results: dict[str, tuple[int, float]] = {}
# (seconds since the start, the cores' busy and total time so far): at the start and each step's end
marks: list[tuple[float, tuple[int, int] | None]] = []


def clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def say(text: str) -> None:
    with print_lock:
        print(text, flush=True)


def cpu_times() -> tuple[int, int] | None:
    """The cores' busy and total time since boot, in clock ticks (`/proc/stat`'s first line;
    idle and waiting for disk count as not busy); None where the system has no such file."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(n) for n in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal (guest is in user)
    return total - fields[3] - fields[4], total


def mark(started: float) -> None:
    with print_lock:
        marks.append((time.monotonic() - started, cpu_times()))


def busy_words(points: list[tuple[float, tuple[int, int] | None]]) -> str:
    """ "cores busy: 0:00-18:54 97 %, 18:54-27:55 95 %, 27:55-32:19 55 %": between each step's
    end and the next, how much of the cores' time was used."""
    parts = []
    ordered = sorted(points, key=lambda point: point[0])
    for (start, before), (end, after) in itertools.pairwise(ordered):
        if before is None or after is None or after[1] <= before[1] or end - start < 1:
            continue
        share = 100 * (after[0] - before[0]) / (after[1] - before[1])
        parts.append(f"{clock(start)}-{clock(end)} {share:.0f} %")
    return "cores busy: " + (", ".join(parts) if parts else "not measured")


def make(target: str, *, live: bool) -> int:
    # Not $(MAKE) in the Makefile: `make -n test` would run this (tests/core/test_make_targets.py).
    command = ["make", "--no-print-directory", target]
    nice = int(os.environ.get("TEST_SQLITE_NICE", SQLITE_NICE))
    if target == "test-sqlite" and not live and nice > 0:
        command = ["nice", "-n", str(nice), *command]
    if live:
        return subprocess.call(command, cwd=ROOT)
    log = LOGS / f"{target}.log"
    with open(log, "w") as out:
        status = subprocess.call(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    with print_lock:
        print(f"\n===== {target} (output) =====", flush=True)
        sys.stdout.write(log.read_text(errors="replace"))
        sys.stdout.flush()
    return status


def run_lane(targets: list[str], *, live: bool, run_started: float) -> None:
    for target in targets:
        say(f"----- {target}: started")
        started = time.monotonic()
        status = make(target, live=live)
        took = time.monotonic() - started
        results[target] = (status, took)
        mark(run_started)
        say(f"----- {target}: {'passed' if status == 0 else 'FAILED'} in {clock(took)}")


def print_failures(target: str, most: int = 40) -> None:
    """Repeat a failed step's failing tests and their error lines just before the last line, so a
    log cut in the middle (CI keeps the head and the tail) still says what failed and why."""
    log = LOGS / f"{target}.log"
    if not log.exists():
        return
    lines = log.read_text(errors="replace").splitlines()
    wanted = [line for line in lines if line.startswith(("FAILED ", "ERROR ", "E "))]
    if not wanted:
        return
    print(f"\n===== {target}: what failed =====", flush=True)
    print("\n".join(line[:300] for line in wanted[:most]), flush=True)


def slowest(target: str, most: int = 10) -> list[str]:
    """The first lines of a pytest step's `--durations` table (slowest first), from its log."""
    log = LOGS / f"{target}.log"
    if not log.exists():
        return []
    lines = log.read_text(errors="replace").splitlines()
    for n, line in enumerate(lines):
        if line.startswith("=") and "slowest" in line and "durations" in line:
            table = []
            for row in lines[n + 1 :]:
                if row.startswith("=") or not row.strip():
                    break
                table.append(row)
            return table[:most]
    return []


def print_slowest(targets: list[str]) -> None:
    """Each test step's slowest tests again at the end, next to the times, so a test that grew
    slow is seen without scrolling back through the logs (each log has its 25 slowest)."""
    for target in targets:
        table = slowest(target)
        if table:
            print(f"\n===== {target}: slowest (of --durations) =====", flush=True)
            print("\n".join(table), flush=True)


def machine_pace() -> str:
    """tools/pace.py's line: a fixed Django workload's time, measured before the lanes start, so
    that this run's duration can be compared with another day's as a ratio (docs/testing.md)."""
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "pace.py")],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"machine pace: not measured ({type(error).__name__})"
    return done.stdout.strip()


def workers_per_suite() -> int:
    """Each database suite's share of the cores when the lanes run side by side: pytest-xdist
    workers, or 0 (the tests in pytest's own process) when the share is one process."""
    share = (os.cpu_count() or 2) // 2
    return share if share > 1 else 0


def main() -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    os.environ[SHARED_SQLITE_RUN] = uuid.uuid4().hex  # a new name each run; every lane inherits it
    if os.environ.get("TEST_LANES") != "1":  # one after the other, each suite has every core
        os.environ.setdefault("TEST_WORKERS", str(workers_per_suite()))
    pace = machine_pace()
    say(pace)
    started = time.monotonic()
    mark(started)
    if os.environ.get("TEST_LANES") == "1":
        run_lane([target for lane in LANES for target in lane], live=True, run_started=started)
    else:
        threads = [
            threading.Thread(
                target=run_lane, args=(lane,), kwargs={"live": False, "run_started": started}
            )
            for lane in LANES
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    took = time.monotonic() - started
    order = [target for lane in LANES for target in lane]
    failed = [t for t in order if results.get(t, (1, 0))[0] != 0]
    steps = ", ".join(f"{t} {clock(results[t][1])}" for t in order if t in results)
    verdict = "FAILED (" + ", ".join(failed) + ")" if failed else "passed"
    if os.environ.get("TEST_LANES") != "1":  # one after the other, the output was live: no logs
        print_slowest([t for t in order if t.startswith("test-")])
    for target in failed:
        print_failures(target)
    print(f"\n{pace}", flush=True)
    print(busy_words(marks), flush=True)
    print(f"make test: {verdict} in {clock(took)} (min:s) — {steps}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
