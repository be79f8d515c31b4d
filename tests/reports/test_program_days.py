"""A report of one program counts its days in the program's time zone (ADR 0036): the range's
first and last days, the month an event falls in and today. Over all programs they are the
programs' when all share one zone, else the site's (Chicago), and the report says which. The
program here is in Honolulu: 08:00 UTC on 1 December 2026 is still 30 November (22:00) there,
and already 1 December (02:00) in Chicago."""

from datetime import UTC, date, datetime

import pytest

from certify.applications.models import Application
from certify.reports.filters import Filters
from certify.reports.selectors.trends import trends
from tests.factories import ProgramFactory
from tests.reports.conftest import applicant

MOMENT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
NOVEMBER_30 = date(2026, 11, 30)
DECEMBER_1 = date(2026, 12, 1)


@pytest.fixture
def honolulu(program):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    return program


@pytest.fixture
def submitted(honolulu):
    application = applicant(honolulu, submitted=NOVEMBER_30)
    Application.objects.filter(pk=application.pk).update(submitted_at=MOMENT)
    return application


def counted(filters: Filters) -> int:
    return Application.objects.filter(filters.on_datetime("submitted_at")).count()


def test_a_programs_report_counts_the_range_in_its_days(honolulu, submitted):
    assert counted(Filters(start=NOVEMBER_30, end=NOVEMBER_30, program=honolulu)) == 1
    assert counted(Filters(start=DECEMBER_1, end=DECEMBER_1, program=honolulu)) == 0
    # over all programs, all of them in Honolulu: still Honolulu's days
    assert counted(Filters(start=NOVEMBER_30, end=NOVEMBER_30)) == 1
    assert "; days in Pacific/Honolulu, " in Filters().describe()


def test_over_programs_in_different_zones_a_report_counts_the_sites_days_and_says_so(
    honolulu, submitted
):
    ProgramFactory(slug="chicago", short_name="CHI", time_zone="America/Chicago")
    assert counted(Filters(start=DECEMBER_1, end=DECEMBER_1)) == 1
    assert Filters().describe() == (
        "all dates, all programs; days in America/Chicago, the site's time zone"
    )
    assert (
        Filters(program=honolulu)
        .describe()
        .endswith(
            "; days in Pacific/Honolulu, " + (honolulu.short_name or honolulu.name) + "'s time zone"
        )
    )


def test_a_programs_trend_puts_an_event_in_the_month_it_was_there(honolulu, submitted):
    rows = trends(filters=Filters(program=honolulu), today=DECEMBER_1).rows
    received = {row[0]: row[1] for row in rows}
    assert received["Nov 2026"] == 1
    assert received["Dec 2026"] == 0


def test_a_programs_report_is_today_in_its_zone(honolulu, at):
    at(MOMENT)
    assert Filters(program=honolulu).today() == NOVEMBER_30
    assert Filters().today() == NOVEMBER_30  # its only program's
    ProgramFactory(slug="chicago", time_zone="America/Chicago")
    assert Filters().today() == DECEMBER_1  # the site's, the zones differing


def test_an_exports_file_name_is_dated_in_the_reports_zone(honolulu, at, client, staff):
    from django.urls import reverse

    at(MOMENT)
    client.force_login(staff)
    url = reverse("reports:export", args=["csv"])
    answer = client.get(url)
    assert "2026-11-30" in answer["Content-Disposition"]  # Honolulu's day, not Chicago's
