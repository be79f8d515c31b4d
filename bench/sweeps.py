#!/usr/bin/env python3
"""The daily sweep at a million certificates: what a day's renewal reminders cost.

    .venv/bin/python bench/sweeps.py [--certificates 1000000] [--repeat 3]

Keeps a PostgreSQL 15 cluster in var/bench-sweeps/ (migrated on each run) and fills it once with
`generate_load_data --certificates-only N` (holders with one certificate each, expiry days spread
over the whole life cycle, and beside them N/10 candidates at work, with their applications,
invoices, portfolios under review, and renewals under way). Then, in one process and one run,
each timed step inside a transaction that is rolled back (so every repeat does the same work),
on a day after every daily job completed its run the day before (the steady state: only the
day's work is due):

- "renewal reminders, a day": the `renewals.reminders` job;
- each daily job of `run_jobs` alone, with the number of queries it ran and whether their plans
  chose rows by index ("by index"), or which tables of more than 10,000 rows they read whole
  (`certify.loaddata.plans`: PostgreSQL's EXPLAIN, SQLite's query plan);
- "all daily jobs": every daily job, one after the other;
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
DATA_SHAPE = "with-work"  # certificates, and candidates at work and renewals beside them

MEASURE = r"""
import collections, statistics, sys, time
from datetime import timedelta
import django
django.setup()
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.loaddata.plans import large_tables_read_whole
from certify.notifications.models import JobRun
from certify.notifications.scheduler import DAILY_JOBS
from certify.payments.models import Invoice
from certify.portfolios.models import ReviewAssignment
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal
from certify.renewals.services import reminders_send

repeat = int(sys.argv[1])
today = timezone.localdate()


def timed(step):
    times = []
    for _ in range(repeat):
        # Every query of the step is kept (Django keeps the last 9,000 by default).
        connection.queries_log = collections.deque(maxlen=1_000_000)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            # The steady state: every daily job ran to the end yesterday.
            JobRun.objects.filter(day__gte=today - timedelta(days=1)).delete()
            for job in DAILY_JOBS:
                run = JobRun.objects.create(job=job, day=today - timedelta(days=1))
                JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
            first = len(queries)
            started = time.perf_counter()
            detail = step()
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
            sql = [q["sql"] for q in queries.captured_queries[first:]]
    return statistics.median(times), min(times), max(times), detail, sql


def how_read(sql):
    whole = large_tables_read_whole(sql)
    if not whole:
        return f"{len(sql)} queries, by index"
    return f"{len(sql)} queries, READ WHOLE: " + ", ".join(f"{t} ({n:,})" for t, n in whole.items())


print(f"{'certificates':<32} {Certificate.objects.count():>9,}")
open_apps = Application.objects.exclude(status__in=["rejected", "withdrawn"]).count()
print(f"{'applications (open or accepted)':<32} {open_apps:>9,}")
owed = Invoice.objects.filter(status="open").count()
print(f"{'invoices (open)':<32} {Invoice.objects.count():>9,} ({owed:,})")
reviews = ReviewAssignment.objects.filter(status="assigned").count()
print(f"{'review assignments (open)':<32} {ReviewAssignment.objects.count():>9,} ({reviews:,})")
print(f"{'renewals under way':<32} {Renewal.objects.filter(status__in=Renewal.OPEN).count():>9,}")
print()


def reminders():
    return "%d reminder(s), %d lapse notice(s)" % reminders_send(today=today)


def daily_jobs():
    return "; ".join(f"{name}: {job(today)}"[:60] for name, job in DAILY_JOBS.items())


steps = [("renewal reminders, a day", reminders)]
steps += [(name, (lambda job=job: job(today))) for name, job in DAILY_JOBS.items()]
steps += [("all daily jobs", daily_jobs)]
for name, step in steps:
    median, low, high, detail, sql = timed(step)
    print(f"{name:<32} {median:8.3f} s  (min {low:.3f}, max {high:.3f})  {how_read(sql)}")
    if name != "all daily jobs":
        print(f"{'':<34}{str(detail)[:100]}")

programs = list(Program.objects.all())
longest_ahead = max(max(p.reminder_months or (0,)) for p in programs)
longest_grace = max(p.renewal_grace_months for p in programs)
valid = Certificate.objects.filter(status=Certificate.Status.VALID)
old = valid.filter(
    expires_on__gte=add_months(today - timedelta(days=31), -longest_grace) - timedelta(days=31),
    expires_on__lte=add_months(today, longest_ahead),
).count()
print(f"{'valid certificates':<32} {valid.count():>9,}")
print(f"{'read by the old selection':<32} {old:>9,} every day (each checked against its notices)")
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
        # The data's shape is in the name: a database kept from an older shape is made again.
        marker = HOME / f"loaded-{DATA_SHAPE}-{args.certificates}"
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
