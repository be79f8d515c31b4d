"""This app's scheduled job: the staff dashboard's figures, ready before anyone asks."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from certify.notifications.api import frequent_job
from certify.reports.dashboards import DASHBOARDS
from certify.reports.filters import Filters
from certify.reports.snapshots import Snapshot, is_fresh, snapshot_compute, snapshot_key


@frequent_job("reports.figures")
def staff_figures(now: datetime) -> str:
    """Compute the unfiltered staff dashboard's figures unless fresh ones are kept. Only with a
    cache shared by the web servers: in this process's own memory they would help no one."""
    if not settings.REPORTS_CACHE_SECONDS or not getattr(settings, "SHARED_CACHE", False):
        return "not kept (no shared cache, or REPORTS_CACHE_SECONDS=0)"
    dash, filters = DASHBOARDS["staff"], Filters()
    kept = cache.get(snapshot_key(dash, filters))
    if isinstance(kept, Snapshot) and is_fresh(kept):
        return "staff dashboard figures still fresh"
    snapshot_compute(dash, filters=filters)
    return "staff dashboard figures computed"
