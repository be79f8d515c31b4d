"""Thin views: read the filters, build the figures, render a page, a chart or an export."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.utils.safestring import mark_safe
from django.views.decorators.csp import csp_override

from certify.accounts.models import User
from certify.core import nearcache
from certify.core.decorators import permission_required
from certify.core.kept import render_around
from certify.reports.charts import chart_svg, style_hash
from certify.reports.dashboards import DASHBOARDS, Dashboard
from certify.reports.exports import XLSX_TYPE, csv_text, xlsx_bytes
from certify.reports.figures import Figure
from certify.reports.filters import Filters
from certify.reports.forms import ReportFilterForm
from certify.reports.snapshots import KEPT_FOR, Snapshot, fresh, version_key

# This process's copies of kept pages (50-70 KB each) and their versions: how long one is used
# at most (Redis's messages end it sooner) and how many pages are held.
NEAR_SECONDS = 60
NEAR_PAGES = 64


def dashboard_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Find the dashboard the URL names and check the person may open it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, dashboard: str, **kwargs) -> HttpResponse:
        dash = DASHBOARDS[dashboard]
        guarded = permission_required(dash.perm)(view)
        return guarded(request, dash, *args, **kwargs)

    return wrapped


def _form_data(request: HttpRequest, dash: Dashboard) -> dict[str, str]:
    return {name: request.GET[name] for name in dash.form_class.FIELDS if name in request.GET}


def _form(request: HttpRequest, dash: Dashboard) -> ReportFilterForm:
    return dash.form_class(_form_data(request, dash) or None)


def _filters_or_404(request: HttpRequest, dash: Dashboard) -> Filters:
    form = _form(request, dash)
    if not form.is_bound:
        return Filters()
    if not form.is_valid():
        raise Http404("These filters are not valid.")
    return form.filters()


def _no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@dashboard_view
def page(request: HttpRequest, dash: Dashboard) -> HttpResponse:
    """A dashboard. The program-wide one (staff) is rendered once per kept snapshot and filters:
    while the snapshot is fresh, its finished content is served as it is."""
    data = _form_data(request, dash)
    # Without filters the (unbound) form is built only when the page is rendered, not to serve
    # kept content (ADR 0062).
    form = dash.form_class(data) if data else None
    if form is not None and not form.is_valid():
        refused = {"dash": dash, "form": form, "figures": [], "query": "", "describe": ""}
        return render(request, "reports/dashboard.html", refused, status=400)
    filters = form.filters() if form is not None else Filters()
    scope = dash.scope(_user(request))
    query = urlencode({k: v for k, v in data.items() if v})
    if scope is None and settings.REPORTS_CACHE_SECONDS:
        # The snapshot's version and the page last rendered for these filters, with the version
        # it was rendered from, read together (ADR 0065), from this process's copies while
        # Redis says neither changed (ADR 0066). Served when that is the fresh snapshot's.
        kept_version, page_key = version_key(dash, filters), _page_key(dash, filters, query)
        found = nearcache.get_many(
            "reports:", [kept_version, page_key], seconds=NEAR_SECONDS, max_entries=NEAR_PAGES
        )
        version = fresh(found.get(kept_version))
        kept = found.get(page_key)
        if version is not None and isinstance(kept, tuple) and kept[0] == version:
            return render_around(request, "reports/dashboard.html", {"dash": dash}, kept[1])
    shown = form or dash.form_class(None)
    if (choices := shown.fields.get("program")) is not None:
        # The program choices list every program: the report's zone over all programs is read
        # from those rows (the choices render from the same evaluated queryset), not looked up.
        filters = filters.over_programs(cast(Any, choices).queryset)
    snapshot = dash.snapshot(filters=filters, scope=scope)
    context: dict[str, Any] = {"dash": dash, "form": shown}
    context["figures"] = list(snapshot.figures.values())
    context["query"] = query
    context["describe"] = filters.describe()
    context["computed_at"] = snapshot.computed_at if snapshot.kept else None
    context["figures_html"] = _figures_html(dash, filters, snapshot, context)
    with timezone.override(filters.zone()):  # "Figures as of …" in the zone `describe` names
        content = render_to_string(
            "reports/partials/dashboard_content.html", context, request=request
        )
    if snapshot.kept:
        key = _page_key(dash, filters, query)
        # Kept as UTF-8 bytes: served without decoding and encoding it again (ADR 0065).
        kept_for = settings.REPORTS_CACHE_SECONDS * KEPT_FOR
        cache.set(key, (snapshot.version, content.encode()), kept_for)
    return render(request, "reports/dashboard.html", {**context, "content": content})


def _page_key(dash: Dashboard, filters: Filters, query: str) -> str:
    """Where the finished page for these filters and URL query is kept, as (version, content
    in UTF-8)."""
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    return f"reports:{dash.key}:{filters.cache_key()}:page-utf8:{digest}"


def _figures_html(dash: Dashboard, filters: Filters, snapshot: Snapshot, context: dict) -> str:
    """The figures' sections. Those of a kept snapshot are rendered once (their thousand-odd
    table cells took most of the page's time) and kept beside it, for the same URL query."""

    def render_sections() -> str:
        return render_to_string("reports/partials/figures.html", context)

    if not snapshot.kept:
        return render_sections()
    query = hashlib.sha256(context["query"].encode()).hexdigest()[:16]
    key = f"reports:{dash.key}:{filters.cache_key()}:html:{snapshot.version}:{query}"
    html = cast(
        str, cache.get_or_set(key, render_sections, settings.REPORTS_CACHE_SECONDS * KEPT_FOR)
    )
    return mark_safe(html)  # noqa: S308  (our own template's output, escaped when rendered)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _figure(
    request: HttpRequest, dash: Dashboard, key: str
) -> tuple[Filters, Figure, Snapshot | None]:
    if key not in dash.figures:
        raise Http404("No such figure.")
    filters = _filters_or_404(request, dash)
    figure, snapshot = dash.figure(key, filters=filters, scope=dash.scope(_user(request)))
    return filters, figure, snapshot


@dashboard_view
def chart(request: HttpRequest, dash: Dashboard, key: str) -> HttpResponse:
    """The figure's chart as an SVG image, under a policy allowing only its own style. Drawn
    once per kept snapshot."""
    filters, figure, snapshot = _figure(request, dash, key)
    if not figure.chart:
        raise Http404("This figure is a table only.")
    if snapshot is None:
        svg = chart_svg(figure)
    else:
        chart_key = f"reports:{dash.key}:{filters.cache_key()}:chart:{key}:{snapshot.version}"
        seconds = settings.REPORTS_CACHE_SECONDS * KEPT_FOR
        svg = cast(bytes, cache.get_or_set(chart_key, lambda: chart_svg(figure), seconds))
    policy: dict[str, list[str]] = {
        "default-src": [CSP.NONE],
        "style-src": style_hash(svg),
        "frame-ancestors": [CSP.SELF],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
    }
    response = HttpResponse(svg, content_type="image/svg+xml")
    return _no_store(csp_override(policy)(lambda _request: response)(request))


def _download(content: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_store(response)


def _filename(dash: Dashboard, name: str, extension: str, filters: Filters) -> str:
    """Dated with today in the report's time zone (the program's, or the one `describe` names)."""
    return f"{dash.file_prefix}-{name}-{filters.today():%Y-%m-%d}.{extension}"


def _export(
    dash: Dashboard, figures: list[Figure], filters: Filters, name: str, fmt: str
) -> HttpResponse:
    if fmt == "csv":
        return _download(
            "\ufeff" + csv_text(figures, describe=filters.describe()),
            content_type="text/csv; charset=utf-8",
            filename=_filename(dash, name, "csv", filters),
        )
    return _download(
        xlsx_bytes(figures, describe=filters.describe()),
        content_type=XLSX_TYPE,
        filename=_filename(dash, name, "xlsx", filters),
    )


@dashboard_view
def table(request: HttpRequest, dash: Dashboard, key: str, fmt: str) -> HttpResponse:
    """One figure's table as CSV or as a one-sheet workbook."""
    filters, figure, _snapshot = _figure(request, dash, key)
    return _export(dash, [figure], filters, key, fmt)


@dashboard_view
def export(request: HttpRequest, dash: Dashboard, fmt: str) -> HttpResponse:
    """Every table of the dashboard: one CSV (a section per table) or a sheet per table."""
    filters = _filters_or_404(request, dash)
    figures = dash.all_figures(filters=filters, scope=dash.scope(_user(request)))
    return _export(dash, figures, filters, "all", fmt)
