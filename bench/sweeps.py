#!/usr/bin/env python3
"""The daily sweep at a million certificates: what a day's renewal reminders cost.

    .venv/bin/python bench/sweeps.py [--certificates 1000000] [--repeat 3]

Keeps a PostgreSQL 15 cluster in var/bench-sweeps/ (migrated on each run) and fills it once with
`generate_load_data --certificates-only N` (holders with one certificate each, expiry days spread
over the whole life cycle). Then, in one process and one run, each timed step inside a
transaction that is rolled back (so every repeat does the same work):

- "renewal reminders, a day": the `renewals.reminders` job on a day after a completed run the
  day before (the steady state: only the day's milestones and lapses are due);
- "all daily jobs": every daily job of `run_jobs`, the same way;
- the certificates each selection reads: the day's (by expiry-day ranges) against the old one
  (every valid certificate from the longest grace period back to the longest reminder ahead).

Target (ADR 0060): a day's daily jobs under 60 s at 1,000,000 certificates. It prints the load
average before and after; above 1, the machine was not quiet: run it again.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from pg import Cluster  # noqa: E402

HOME = ROOT / "var" / "bench-sweeps"
DB = "certify_sweeps"
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET_SECONDS = 60

MEASURE = r"""
import statistics, sys, time
from datetime import timedelta
import django
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from certify.certificates.models import Certificate
from certify.notifications.models import JobRun
from certify.notifications.scheduler import DAILY_JOBS
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.services import reminders_send

repeat = int(sys.argv[1])
today = timezone.localdate()


def timed(step):
    times = []
    for _ in range(repeat):
        with transaction.atomic():
            JobRun.objects.filter(day__gte=today - timedelta(days=1)).delete()
            run = JobRun.objects.create(job="renewals.reminders", day=today - timedelta(days=1))
            JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
            started = time.perf_counter()
            detail = step()
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return statistics.median(times), min(times), max(times), detail


def daily_jobs():
    return "; ".join(f"{name}: {job(today)}"[:90] for name, job in DAILY_JOBS.items())


def reminders():
    return "%d reminder(s), %d lapse notice(s)" % reminders_send(today=today)


for name, step in (("renewal reminders, a day", reminders), ("all daily jobs", daily_jobs)):
    median, low, high, detail = timed(step)
    print(f"{name:<28} {median:8.2f} s  (min {low:.2f}, max {high:.2f})  {detail}")

programs = list(Program.objects.all())
longest_ahead = max(max(p.reminder_months or (0,)) for p in programs)
longest_grace = max(p.renewal_grace_months for p in programs)
valid = Certificate.objects.filter(status=Certificate.Status.VALID)
old = valid.filter(
    expires_on__gte=add_months(today - timedelta(days=31), -longest_grace) - timedelta(days=31),
    expires_on__lte=add_months(today, longest_ahead),
).count()
print(f"{'certificates':<28} {Certificate.objects.count():>8,} in all, {valid.count():,} valid")
print(f"{'read by the old selection':<28} {old:>8,} every day (each checked against its notices)")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cluster = Cluster(HOME)
    if not cluster.exists:
        cluster.init()
    cluster.start()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="certify.settings.local",
        DATABASE_URL=cluster.url(DB),
    )
    try:
        cluster.wait_ready()
        marker = HOME / f"loaded-{args.certificates}"
        if not marker.exists():
            cluster.psql(f"DROP DATABASE IF EXISTS {DB}")
            cluster.psql(f"CREATE DATABASE {DB}")
            started = time.perf_counter()
            subprocess.run(
                [PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
            )
            subprocess.run(
                [
                    PY,
                    "manage.py",
                    "generate_load_data",
                    "--certificates-only",
                    str(args.certificates),
                    "--no-progress",
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
            marker.write_text("")
            print(f"generated in {time.perf_counter() - started:.0f} s")
        else:  # the kept database, brought up to the code's migrations (as bench/run.py does)
            subprocess.run(
                [PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
            )
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        subprocess.run([PY, "-c", MEASURE, str(args.repeat)], cwd=ROOT, env=env, check=True)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"target: all daily jobs < {TARGET_SECONDS} s at 1,000,000 certificates")
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
