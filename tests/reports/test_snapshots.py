"""The staff dashboard's kept figures: shown with the time they were computed, served stale
while the next are computed, computed by one process at a time, and ready from run_jobs."""

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from certify.reports import snapshots
from certify.reports.dashboards import DASHBOARDS
from certify.reports.filters import Filters
from certify.reports.jobs import staff_figures
from tests.conftest import count_queries
from tests.reports.conftest import applicant

DASHBOARD = reverse("reports:dashboard")
STAFF = DASHBOARDS["staff"]


@pytest.fixture
def kept(settings):
    settings.REPORTS_CACHE_SECONDS = 300
    cache.clear()
    yield settings
    cache.clear()


def applied(program, n: int) -> None:
    for i in range(n):
        applicant(program, submitted=date(2025, 1, 10 + i), status="accepted")


def age(filters: Filters, seconds: int) -> None:
    """Make the kept snapshot `seconds` older."""
    key = snapshots.snapshot_key(STAFF, filters)
    snapshot = cache.get(key)
    snapshot.computed_at -= timedelta(seconds=seconds)
    cache.set(key, snapshot)
    cache.set(f"{key}:version", snapshot.version)  # what the kept pages go by


def applied_count(response) -> int:
    """The funnel's "Applied" figure as the page shows it (kept pages carry no context)."""
    found = re.search(r'<th scope="row">Applied</th><td class="num">(\d+)</td>', response.text)
    assert found, "the funnel table is missing"
    return int(found.group(1))


def test_the_page_says_when_kept_figures_were_computed(client_as, program, kept):
    html = client_as("program_staff").get(DASHBOARD).content.decode()
    assert "Figures as of " in html
    assert "they are recomputed every few minutes" in html


def test_fresh_figures_are_not_said_to_be_kept(client_as, program, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    assert "Figures as of" not in client_as("program_staff").get(DASHBOARD).content.decode()


def test_the_tables_are_rendered_once_per_snapshot_and_query(client_as, program, kept, monkeypatch):
    client = client_as("program_staff")
    applied(program, 1)
    first = client.get(DASHBOARD).content.decode()
    assert '<th scope="row">Applied</th><td class="num">1</td>' in first
    monkeypatch.setattr(
        "certify.reports.views.render_to_string", lambda *a, **k: pytest.fail("rendered")
    )
    again = client.get(DASHBOARD).content.decode()
    assert '<th scope="row">Applied</th><td class="num">1</td>' in again
    monkeypatch.undo()
    filtered = client.get(DASHBOARD, {"start": "2025-01-01"}).content.decode()
    assert reverse("reports:chart", args=["funnel"]) + "?start=2025-01-01" in filtered


def test_stale_figures_are_computed_again_in_the_request_without_a_shared_cache(
    client_as, program, kept
):
    kept.SHARED_CACHE = False
    client = client_as("program_staff")
    applied(program, 1)
    client.get(DASHBOARD)
    applied(program, 2)
    assert applied_count(client.get(DASHBOARD)) == 1  # still fresh
    age(Filters(), 301)
    assert applied_count(client.get(DASHBOARD)) == 3


def test_with_a_shared_cache_a_task_computes_stale_figures(client_as, program, kept):
    kept.SHARED_CACHE = True
    client = client_as("program_staff")
    applied(program, 1)
    client.get(DASHBOARD)
    applied(program, 2)
    age(Filters(), 301)
    # The tests' task backend runs the task at once; a worker would run it a moment later.
    client.get(DASHBOARD)
    assert applied_count(client.get(DASHBOARD)) == 3


def test_while_the_next_figures_are_computed_the_stale_ones_are_shown(client_as, program, kept):
    client = client_as("program_staff")
    applied(program, 1)
    client.get(DASHBOARD)
    quick = count_queries(lambda: client.get(DASHBOARD))
    applied(program, 2)
    age(Filters(), 301)
    cache.add(snapshots.snapshot_key(STAFF, Filters()) + ":computing", 1, 60)  # someone is
    # No figure computed here: only the filter form's list of programs, which also gives the
    # programs' time zones (what the page says its days are in), and which a kept page
    # (`quick`, served whole while its snapshot was fresh) did not need.
    assert count_queries(lambda: client.get(DASHBOARD)) == quick + 1
    assert applied_count(client.get(DASHBOARD)) == 1


def test_a_request_finding_nothing_waits_for_the_figures_being_computed(program, kept, monkeypatch):
    key = snapshots.snapshot_key(STAFF, Filters())
    cache.add(key + ":computing", 1, 60)
    computed = snapshots.Snapshot({}, snapshots.timezone.now(), kept=True)

    def sleep(_seconds):  # the other process finishes while this one waits
        cache.set(key, computed)

    monkeypatch.setattr(snapshots.time, "sleep", sleep)
    assert snapshots.snapshot_get(STAFF, filters=Filters()) == computed


def test_run_jobs_computes_the_unfiltered_figures_unless_fresh(program, kept):
    kept.SHARED_CACHE = True
    applied(program, 1)
    assert staff_figures(snapshots.timezone.now()) == "staff dashboard figures computed"
    assert cache.get(snapshots.snapshot_key(STAFF, Filters())).figures["funnel"].rows[0][1] == 1
    assert staff_figures(snapshots.timezone.now()) == "staff dashboard figures still fresh"
    kept.SHARED_CACHE = False
    assert staff_figures(snapshots.timezone.now()).startswith("not kept")


def test_a_chart_is_drawn_once_per_snapshot(client_as, program, kept, monkeypatch):
    client = client_as("program_staff")
    applied(program, 1)
    url = reverse("reports:chart", args=["funnel"])
    first = client.get(url)
    monkeypatch.setattr("certify.reports.views.chart_svg", lambda figure: pytest.fail("drawn"))
    again = client.get(url)
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_filters_survive_the_trip_to_a_task(program):
    filters = Filters(start=date(2025, 1, 1), end=date(2025, 6, 30), program=program, period="year")
    assert Filters.from_params(filters.as_params()) == filters
    assert Filters.from_params(Filters().as_params()) == Filters()


def test_a_fresh_snapshot_serves_the_finished_page_without_loading_the_figures(
    client_as, program, kept, monkeypatch
):
    client = client_as("program_staff")
    applied(program, 2)
    first = client.get(DASHBOARD)
    assert applied_count(first) == 2
    monkeypatch.setattr(
        "certify.reports.dashboards.Dashboard.snapshot", lambda *a, **k: pytest.fail("loaded")
    )
    again = client.get(DASHBOARD)
    assert applied_count(again) == 2
    assert "Figures as of " in again.text
    filtered = client_as("program_staff")  # another person, other filters: not the kept page
    monkeypatch.undo()
    assert "2025-01-01" in filtered.get(DASHBOARD, {"start": "2025-01-01"}).text


def test_the_kept_page_is_served_only_for_the_snapshot_it_was_rendered_from(
    client_as, program, kept
):
    client = client_as("program_staff")
    applied(program, 2)
    assert applied_count(client.get(DASHBOARD)) == 2
    applied(program, 1)
    assert applied_count(client.get(DASHBOARD)) == 2  # the kept page, same snapshot
    snapshots.snapshot_compute(STAFF, filters=Filters())  # a newer snapshot
    assert applied_count(client.get(DASHBOARD)) == 3


def test_sponsors_never_get_a_kept_page(client_as, program, kept):
    assert client_as("sponsor").get(reverse("reports:sponsor")).status_code == 200
    assert client_as("program_staff").get(DASHBOARD).status_code == 200
    pages = [k for k in cache._cache if ":page-utf8:" in k]  # type: ignore[attr-defined]
    assert pages
    assert all(":staff:" in k for k in pages)  # their own figures are always fresh


def test_a_figure_added_since_the_snapshot_was_kept_is_computed_alone(client_as, program, kept):
    client = client_as("program_staff")
    applied(program, 1)
    client.get(DASHBOARD)
    key = snapshots.snapshot_key(STAFF, Filters())
    snapshot = cache.get(key)
    del snapshot.figures["ageing"]  # as kept by the version before open work was a figure
    cache.set(key, snapshot)
    response = client.get(reverse("reports:chart", args=["ageing"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_figures_as_of_is_in_the_programs_zone_named(client_as, program, kept, monkeypatch):
    """23:30 on 2 March in Denver, the one program's zone, is already the 3rd in Chicago."""
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    staff = client_as("program_staff")
    moment = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)
    # the snapshot's clock only (the sign-in's session keeps the real one)
    monkeypatch.setattr(snapshots, "timezone", SimpleNamespace(now=lambda: moment))
    answer = staff.get(DASHBOARD)
    assert answer.status_code == 200
    html = " ".join(answer.content.decode().split())
    assert "Figures as of March 2, 2027, 11:30 p.m. MST;" in html
