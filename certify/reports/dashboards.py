"""The three dashboards: who may open each, what they see of the data, and their figures."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from certify.accounts.models import User
from certify.courses.models import Course
from certify.reports.figures import Figure
from certify.reports.filters import Filters
from certify.reports.forms import ReportFilterForm, StaffReportFilterForm
from certify.reports.selectors import providers, sponsors, staff
from certify.reports.snapshots import Snapshot, snapshot_get
from certify.scholarships.api import funds_run_by
from certify.scholarships.models import Fund


def _no_scope(user: User) -> None:
    return None


def sponsor_funds(user: User) -> QuerySet[Fund]:
    """The funds the person runs (program staff: every fund), as a plain queryset."""
    return Fund.objects.filter(pk__in=funds_run_by(user=user).values("pk"))


def provider_courses(user: User) -> QuerySet[Course]:
    """The courses of every provider the person acts for."""
    return Course.objects.filter(provider__memberships__user=user)


@dataclass(frozen=True)
class Dashboard:
    key: str
    title: str
    intro: str
    perm: str
    form_class: type[ReportFilterForm]
    figures: dict[str, Callable[..., Figure]]
    scope: Callable[[User], Any]
    page_url: str
    chart_url: str
    table_url: str
    export_url: str
    file_prefix: str

    def snapshot(self, *, filters: Filters, scope: Any) -> Snapshot:
        """Every figure of the dashboard. A sponsor's or provider's own data is small and always
        fresh; the whole program's figures aggregate every candidate (seconds at 100,000) and
        are kept as a snapshot (snapshots.py)."""
        if scope is not None:
            figures = {
                key: build(filters=filters, **{self.scope_name: scope})
                for key, build in self.figures.items()
            }
            return Snapshot(figures, timezone.now())
        return snapshot_get(self, filters=filters)

    def figure(self, key: str, *, filters: Filters, scope: Any) -> tuple[Figure, Snapshot | None]:
        """One figure, and the snapshot it was read from when that is kept."""
        if scope is not None:
            return self.figures[key](filters=filters, **{self.scope_name: scope}), None
        if not settings.REPORTS_CACHE_SECONDS:  # always fresh: this figure alone
            return self.figures[key](filters=filters), None
        snapshot = snapshot_get(self, filters=filters)
        if key not in snapshot.figures:  # kept before this figure was added: compute it alone
            return self.figures[key](filters=filters), None
        return snapshot.figures[key], snapshot

    @property
    def scope_name(self) -> str:
        return {"sponsor": "funds", "provider": "courses"}.get(self.key, "")

    def all_figures(self, *, filters: Filters, scope: Any) -> list[Figure]:
        return list(self.snapshot(filters=filters, scope=scope).figures.values())


DASHBOARDS = {
    "staff": Dashboard(
        key="staff",
        title="Reports",
        intro="The program at a glance: each chart has its table beside it, and every table "
        "downloads as CSV or as a sheet of the XLSX workbook.",
        perm="reports.view_staff_reports",
        form_class=StaffReportFilterForm,
        figures=staff.FIGURES,
        scope=_no_scope,
        page_url="reports:dashboard",
        chart_url="reports:chart",
        table_url="reports:table",
        export_url="reports:export",
        file_prefix="certify-reports",
    ),
    "sponsor": Dashboard(
        key="sponsor",
        title="Scholarship fund reports",
        intro="Your funds' money, awards over time, applicants and where they work. Each "
        "fund's own report and its CSV of every application are on the fund's page.",
        perm="reports.view_sponsor_reports",
        form_class=ReportFilterForm,
        figures=sponsors.FIGURES,
        scope=sponsor_funds,
        page_url="reports:sponsor",
        chart_url="reports:sponsor_chart",
        table_url="reports:sponsor_table",
        export_url="reports:sponsor_export",
        file_prefix="fund-reports",
    ),
    "provider": Dashboard(
        key="provider",
        title="Course reports",
        intro="Your courses' approval, and the completions reported for them.",
        perm="reports.view_provider_reports",
        form_class=ReportFilterForm,
        figures=providers.FIGURES,
        scope=provider_courses,
        page_url="reports:provider",
        chart_url="reports:provider_chart",
        table_url="reports:provider_table",
        export_url="reports:provider_export",
        file_prefix="course-reports",
    ),
}
