"""Scheduled jobs, run by `manage.py run_jobs` from cron or a systemd timer.

Frequent jobs run every time the command runs (every 5-15 minutes). Daily jobs run once per day:
a second run the same day skips them. A daily job receives today's date (the site's, `TIME_ZONE`)
and must handle everything due up to it, so a scheduler that did not run for days catches up;
reminders it sends carry a dedupe key so each goes out once. A job over programs' dates judges
each program on its own day (`programs.api.program_day_shift`, ADR 0036).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.notifications.models import JobRun

logger = logging.getLogger(__name__)

DailyJob = Callable[[date], str]
FrequentJob = Callable[[datetime], str]
DAILY_JOBS: dict[str, DailyJob] = {}
FREQUENT_JOBS: dict[str, FrequentJob] = {}


def daily_job(name: str) -> Callable[[DailyJob], DailyJob]:
    def register(func: DailyJob) -> DailyJob:
        DAILY_JOBS[name] = func
        return func

    return register


def frequent_job(name: str) -> Callable[[FrequentJob], FrequentJob]:
    def register(func: FrequentJob) -> FrequentJob:
        FREQUENT_JOBS[name] = func
        return func

    return register


def last_completed_day(*, job: str, before: date) -> date | None:
    """The last day before `before` on which the daily `job` ran to the end (None if never): a
    daily job reads it to cover exactly the days since, however long the scheduler was away."""
    return (
        JobRun.objects.filter(job=job, day__lt=before, finished_at__isnull=False)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


@dataclass
class JobOutcome:
    job: str
    result: str
    skipped: bool = False
    failed: bool = False


def jobs_run(*, now: datetime | None = None) -> list[JobOutcome]:
    """Run the frequent jobs, then each daily job not yet run today. One failure stops no other."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    outcomes = []
    for name, frequent in FREQUENT_JOBS.items():
        try:
            outcomes.append(JobOutcome(name, frequent(now)))
        except Exception as error:
            logger.exception("Job %s failed", name)
            outcomes.append(JobOutcome(name, f"{type(error).__name__}: {error}", failed=True))
    for name, daily in DAILY_JOBS.items():
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=name, day=today)
        except IntegrityError:
            outcomes.append(JobOutcome(name, "already ran today", skipped=True))
            continue
        try:
            with transaction.atomic():
                run.result = daily(today)[:300]
        except Exception as error:
            logger.exception("Job %s failed", name)
            # Forget the run so the next invocation tries again.
            run.delete()
            outcomes.append(JobOutcome(name, f"{type(error).__name__}: {error}", failed=True))
            continue
        run.finished_at = timezone.now()
        run.save(update_fields=["result", "finished_at"])
        outcomes.append(JobOutcome(name, run.result))
    return outcomes
