"""The staff dashboard's program-wide figures, kept as one snapshot per set of filters.

At 100,000 candidates the figures take over a second to compute (the funnel a third of it), so
a request does not wait for them when it can be helped:

- a snapshot is fresh for REPORTS_CACHE_SECONDS. After that the page still shows it, saying
  when it was computed ("Figures as of ..."), and one background task computes the next one.
  That needs the cache shared by the web servers and the task worker (settings.SHARED_CACHE);
  with a per-process cache the request that finds the snapshot stale computes it, as before;
- a snapshot is dropped after KEPT_FOR times REPORTS_CACHE_SECONDS (an hour by default): if
  the task worker is down, a request computes it rather than show older figures;
- only one process computes a given snapshot at a time (a lock in the cache); a request that
  finds none waits for the one being computed instead of starting another;
- `run_jobs` computes the unfiltered one each run (`reports.figures`, in jobs.py), so the page
  staff open first is ready after a deploy or a cache flush.

The figures are aggregates over the whole program (no one person's decision or status), and each
page says when they were computed, so a few minutes' delay is visible, never silent.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from certify.reports.figures import Figure
from certify.reports.filters import Filters

if TYPE_CHECKING:
    from certify.reports.dashboards import Dashboard

logger = logging.getLogger(__name__)

KEPT_FOR = 12  # times REPORTS_CACHE_SECONDS
LOCK_SECONDS = 120  # longer than a computation takes; a crashed one frees the lock after it
WAIT_SECONDS = 30  # how long a request waits for another's computation before doing its own


@dataclass
class Snapshot:
    figures: dict[str, Figure]
    computed_at: datetime
    kept: bool = False  # kept in the cache, so shared by the page, its charts and downloads

    @property
    def version(self) -> str:
        """Names what is derived from this snapshot (the page's tables, a chart) in the cache."""
        return f"{self.computed_at.timestamp():.6f}"


def snapshot_key(dash: "Dashboard", filters: Filters) -> str:
    return f"reports:{dash.key}:{filters.cache_key()}"


def version_key(dash: "Dashboard", filters: Filters) -> str:
    """Where the kept snapshot's version is kept beside it (read without its figures)."""
    return f"{snapshot_key(dash, filters)}:version"


def _shared() -> bool:
    return bool(getattr(settings, "SHARED_CACHE", False))


def figures_compute(dash: "Dashboard", *, filters: Filters) -> dict[str, Figure]:
    """Every figure, in one transaction. On PostgreSQL without JIT compilation: the planner
    rates these aggregates over every application as costly enough to compile, and compiling
    took longer than running them (the funnel: 0.87 s with JIT, 0.35 s without, at 100,000
    candidates)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return {key: build(filters=filters) for key, build in dash.figures.items()}


def snapshot_compute(dash: "Dashboard", *, filters: Filters) -> Snapshot:
    """Compute the figures now and keep them (the task, the job and a cold cache call this)."""
    seconds = settings.REPORTS_CACHE_SECONDS
    computed_at = timezone.now()
    snapshot = Snapshot(figures_compute(dash, filters=filters), computed_at, kept=bool(seconds))
    if seconds:
        key = snapshot_key(dash, filters)
        cache.set(key, snapshot, seconds * KEPT_FOR)
        cache.set(version_key(dash, filters), snapshot.version, seconds * KEPT_FOR)
        cache.delete(f"{key}:computing")
    return snapshot


def fresh(version: object) -> str | None:
    """`version` (as kept beside a snapshot) while that snapshot is fresh, else None."""
    if version is None:
        return None
    age = timezone.now().timestamp() - float(str(version))
    return str(version) if 0 <= age <= settings.REPORTS_CACHE_SECONDS else None


def is_fresh(snapshot: Snapshot) -> bool:
    age = timezone.now() - snapshot.computed_at
    return age <= timedelta(seconds=settings.REPORTS_CACHE_SECONDS)


def snapshot_get(dash: "Dashboard", *, filters: Filters) -> Snapshot:
    """The figures to show: the kept snapshot (a stale one while the next is computed), or new
    ones computed now when none is kept or REPORTS_CACHE_SECONDS is 0."""
    if not settings.REPORTS_CACHE_SECONDS:
        return Snapshot(figures_compute(dash, filters=filters), timezone.now())
    key = snapshot_key(dash, filters)
    found = cast(Snapshot | None, cache.get(key))
    if found is not None and is_fresh(found):
        return found
    if not cache.add(f"{key}:computing", 1, LOCK_SECONDS):
        # Another request or the task is computing it: show the stale one, or wait for it.
        return found or _wait_for(dash, filters=filters, key=key)
    if found is not None and _shared():
        from certify.reports.tasks import figures_refresh  # the task imports the dashboards

        try:
            figures_refresh.enqueue(dash.key, filters.as_params())
        except Exception:  # the stale figures are still worth showing; the lock expires
            logger.exception("Could not enqueue the %s dashboard's figures", dash.key)
        return cast(Snapshot | None, cache.get(key)) or found  # (a task run at once: its own)
    try:
        return snapshot_compute(dash, filters=filters)
    finally:
        cache.delete(f"{key}:computing")


def _wait_for(dash: "Dashboard", *, filters: Filters, key: str) -> Snapshot:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.1)
        found = cast(Snapshot | None, cache.get(key))
        if found is not None:
            return found
    return snapshot_compute(dash, filters=filters)
