"""The staff queue's "waiting at least N days" and the staff home's count of late applications
count calendar days in the application's program's time zone, with one function (`late_q`): RMT
(Denver) gets an application at 22:30 on 1 March; at 23:30 on 2 March in Denver (already 3 March
in Chicago, the site's zone) it has waited one day, not two; from midnight in Denver it has
waited two, though only 26 hours have passed (two 24-hour blocks would say one). The staff
home's "the oldest has waited N days" counts the same days (`programs.api.days_waited`), where
it counted the site's (Chicago's) and said two days at 23:30 in Denver."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from certify.accounts.staff_home import days_since
from certify.applications.models import Application
from certify.applications.selectors import application_queue, waited_since
from certify.applications.services import application_submit
from certify.applications.staff_work import application_cards
from certify.programs.api import days_waited
from certify.programs.setup import program_settings_update
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

SUBMITTED = datetime(2027, 3, 2, 5, 30, tzinfo=UTC)  # 22:30 MST on the 1st, 23:30 CST on the 1st
LATE_EVENING = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST the 3rd
AFTER_MIDNIGHT = datetime(2027, 3, 3, 7, 30, tzinfo=UTC)  # 00:30 MST on the 3rd: 26 hours on


@pytest.fixture
def rmt_waiting(lsscp, staff):
    rmt = rmt_set_up(staff)
    rmt = program_settings_update(
        program=rmt, actor=staff, section="targets", data={"target_application_days": 2}
    )
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    application_submit(application=application, actor=candidate)
    Application.objects.filter(pk=application.pk).update(submitted_at=SUBMITTED)
    return application


def _at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.database_free
def test_a_day_waited_begins_at_midnight_in_the_zone():
    assert waited_since(1, "America/Denver", now=LATE_EVENING) == datetime(
        2027, 3, 2, 7, 0, tzinfo=UTC
    )
    assert waited_since(2, "America/Chicago", now=LATE_EVENING) == datetime(
        2027, 3, 2, 6, 0, tzinfo=UTC
    )


@pytest.mark.database_free
@pytest.mark.parametrize("now", [LATE_EVENING, AFTER_MIDNIGHT])
@pytest.mark.parametrize("zone", ["America/Denver", "America/Chicago", "Asia/Tokyo"])
def test_days_waited_is_what_the_queues_filter_counts(zone, now):
    """A moment has waited at least N days exactly when the filter's instant is after it."""
    waited = days_waited(SUBMITTED, zone, now=now)
    for days in range(1, 4):
        assert (waited_since(days, zone, now=now) > SUBMITTED) == (waited >= days)


@pytest.mark.database_free
def test_the_staff_homes_days_are_the_programs_not_the_sites():
    assert days_since(SUBMITTED, zone="America/Denver", now=LATE_EVENING) == 1
    assert days_since(SUBMITTED, zone="America/Denver", now=AFTER_MIDNIGHT) == 2
    assert days_since(SUBMITTED, now=LATE_EVENING) == 2  # no program: the site's calendar


def test_late_in_the_evening_in_denver_it_has_waited_one_day(rmt_waiting, staff, monkeypatch):
    _at(monkeypatch, LATE_EVENING)
    assert timezone.localdate(LATE_EVENING).day == 3  # two days on in Chicago
    assert list(application_queue(waiting_days=1)) == [rmt_waiting]
    assert list(application_queue(waiting_days=2)) == []
    card = application_cards(staff)[0]
    assert card.more == ()  # not late by RMT's target of 2 days: the home agrees
    assert card.zone == "America/Denver"
    assert card.age_days == 1  # the site's calendar (Chicago, the 3rd) said two
    assert card.age_text == "The oldest has waited 1 day."


def test_from_midnight_in_denver_it_has_waited_two_days(rmt_waiting, staff, monkeypatch):
    _at(monkeypatch, AFTER_MIDNIGHT)
    assert (AFTER_MIDNIGHT - SUBMITTED).total_seconds() < 2 * 24 * 3600
    assert list(application_queue(waiting_days=2)) == [rmt_waiting]
    assert list(application_queue(waiting_days=3)) == []
    card = application_cards(staff)[0]
    late = [link for link in card.more if "target" in link.label]
    assert [link.count for link in late] == [1]
    assert "waiting_days=2" in late[0].url or "late=on" in late[0].url
    assert card.age_text == "The oldest has waited 2 days."


def test_the_staff_home_page_says_the_programs_days(rmt_waiting, staff, client, monkeypatch):
    _at(monkeypatch, LATE_EVENING)
    client.force_login(staff)
    page = client.get("/staff/").text
    assert "The oldest has waited 1 day." in page
    assert "The oldest has waited 2 days." not in page
