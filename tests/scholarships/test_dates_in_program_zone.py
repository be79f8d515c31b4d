"""The days a fund's applications were made, scored and drawn are shown in the zone of the
program whose fees it pays (ADR 0036), not the site's. RMT is in Denver, the site in Chicago: at
06:30 UTC on 3 March 2027 it is already 3 March (00:30) in Chicago and still 2 March (23:30) in
Denver."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from certify.scholarships.models import Draw, Fund, ScholarshipApplication, Scorecard
from certify.scholarships.services import application_decline, draw_run
from tests.clock import clock_at
from tests.conftest import count_queries
from tests.factories import ProgramFactory
from tests.scholarships.conftest import apply, closed, score
from tests.scholarships.test_api import _draw_fund

AFTER_CHICAGO_MIDNIGHT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)


@pytest.fixture
def rmt(db):
    return ProgramFactory(
        slug="rmt", name="Records Management Technician", short_name="RMT",
        time_zone="America/Denver",
    )  # fmt: skip


def _to_rmt(fund: Fund, rmt) -> Fund:
    Fund.objects.filter(pk=fund.pk).update(program=rmt)
    fund.refresh_from_db()
    return fund


def _at_the_instant(application: ScholarshipApplication) -> None:
    ScholarshipApplication.objects.filter(pk=application.pk).update(
        submitted_at=AFTER_CHICAGO_MIDNIGHT, decided_at=AFTER_CHICAGO_MIDNIGHT
    )


def test_an_application_shows_its_days_in_the_programs_zone(
    client, enrollment_fund, member, committee, rmt, program
):
    application = apply(enrollment_fund, member)
    application_decline(application=application, actor=committee, reason="Budget spent.")
    _to_rmt(enrollment_fund, rmt)
    _at_the_instant(application)
    client.force_login(member)
    page = client.get(application.get_absolute_url()).text
    assert "<dd>March 2, 2027</dd>" in page  # applied
    application.refresh_from_db()
    assert f"{application.get_status_display()} on March 2, 2027" in page  # decided
    assert "March 3, 2027" not in page
    index = client.get(reverse("scholarships:index")).text
    assert '<td data-label="Applied">March 2, 2027</td>' in index
    assert "March 3, 2027" not in index
    client.force_login(committee)
    page = client.get(reverse("scholarships:fund", args=[enrollment_fund.slug]))
    assert page.status_code == 200
    listing = client.get(
        reverse("scholarships:fund", args=[enrollment_fund.slug]) + "?status=declined"
    ).text
    assert "<td>March 2, 2027</td>" in listing
    assert "March 3, 2027" not in listing


def test_the_funds_list_of_draws_shows_the_day_drawn_in_the_programs_zone(
    client, ssd, ssd_org, committee, make_member, rmt, program
):
    fund = _draw_fund(ssd, ssd_org)
    apply(fund, make_member())
    draw = draw_run(fund=closed(fund), actor=committee)
    _to_rmt(fund, rmt)
    Draw.objects.filter(pk=draw.pk).update(drawn_at=AFTER_CHICAGO_MIDNIGHT)
    client.force_login(committee)
    page = client.get(reverse("scholarships:fund", args=[fund.slug])).text
    assert "Draw 1</a> on March 2, 2027" in page
    assert "March 3, 2027" not in page


def test_a_score_shows_its_day_in_the_programs_zone(
    client,
    enrollment_fund,
    chair,
    members,
    member,
    rmt,
    program,
):
    application = apply(enrollment_fund, member)
    score(application, members[0], 7, 5)
    _to_rmt(enrollment_fund, rmt)
    _at_the_instant(application)
    Scorecard.objects.filter(application=application).update(scored_at=AFTER_CHICAGO_MIDNIGHT)
    client.force_login(members[0])
    page = client.get(reverse("scholarships:score", args=[application.pk])).text
    assert "on March 2, 2027." in page  # scored
    assert "<dd>March 2, 2027</dd>" in page  # applied
    assert "March 3, 2027" not in page


def test_the_candidates_list_reads_no_more_for_funds_of_two_programs(
    client, enrollment_fund, ce_fund, make_member, rmt, program
):
    _reads_no_more(client, enrollment_fund, ce_fund, make_member, rmt)


@clock_at("2026-12-07T00:30:00-06:00")
def test_it_reads_no_more_in_the_hour_the_two_programs_days_differ(
    client, enrollment_fund, ce_fund, make_member, rmt, program
):
    """00:30 in Chicago is still yesterday in Denver (RMT): each fund's memberships are checked
    on its own program's day, read once for both (it read them once per day)."""
    _reads_no_more(client, enrollment_fund, ce_fund, make_member, rmt)


def _reads_no_more(client, enrollment_fund, ce_fund, make_member, rmt):
    person = make_member()
    apply(enrollment_fund, person)
    client.force_login(person)
    one = count_queries(lambda: client.get(reverse("scholarships:index")))
    apply(ce_fund, person, purpose="enrollment")
    _to_rmt(ce_fund, rmt)
    assert count_queries(lambda: client.get(reverse("scholarships:index"))) <= one + 1
