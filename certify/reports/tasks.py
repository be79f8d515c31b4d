"""Background tasks: each takes plain values and calls the code that does the work."""

from django.tasks import task

from certify.reports.dashboards import DASHBOARDS
from certify.reports.filters import Filters
from certify.reports.snapshots import snapshot_compute


@task()
def figures_refresh(dashboard: str, filters: dict[str, str | int | None]) -> str:
    """Compute a dashboard's program-wide figures for these filters and keep them."""
    snapshot = snapshot_compute(DASHBOARDS[dashboard], filters=Filters.from_params(filters))
    return f"{len(snapshot.figures)} figures computed"
