"""An appeal's days at their edges, in the program's time zone (RMT: America/Denver; the site:
America/Chicago), across both daylight saving changes: notice on its last day and the day
after, grounds on their last day and the day after; a decision changed since it was appealed;
notice from an account closed meanwhile. The day counts are RMT's rules, set here as its staff
would (tests/programs/second_program.py); the e-mail and page words are the service's."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.services import account_deactivate
from certify.appeals.models import Appeal
from certify.appeals.services import NOT_ACTIVE, appeal_give_notice, appeal_submit_grounds
from certify.applications.appeals import application_appeal, application_appeal_current
from certify.applications.decisions import application_reject
from certify.applications.services import application_submit
from certify.core.errors import DomainError
from certify.programs.setup import program_settings_update
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

GROUNDS = "The hours at the county records center were records management work."
# (the decision, Denver's wall clock; notice's last day; grounds' last day), each window
# crossing a daylight saving change: 14 March 2027 (MST → MDT), 7 November 2027 (MDT → MST).
SPRING = ("2027-03-05T23:30:00-07:00", "2027-03-15", "2027-04-04")
AUTUMN = ("2027-10-28T23:30:00-06:00", "2027-11-07", "2027-11-27")
OFFSET = {"2027-03-15": "-06:00", "2027-04-04": "-06:00", "2027-11-07": "-07:00"}
OFFSET["2027-11-27"] = "-07:00"


def _at(text: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(text), tick=False)


def _next(day: str) -> str:
    """Midnight at the start of the day after `day` in Denver, one minute in."""
    following = datetime.fromisoformat(day).date().toordinal() + 1
    return f"{datetime.fromordinal(following).date().isoformat()}T00:01:00{OFFSET[day]}"


@pytest.fixture
def rmt(lsscp, staff):
    program = rmt_set_up(staff)
    days = {"appeal_notice_days": 10, "appeal_grounds_days": 30}
    return program_settings_update(program=program, actor=staff, section="appeals", data=days)


def _rejected_at(rmt, staff, moment: str):
    with _at(moment):
        candidate, application = rmt_candidate(rmt, staff, accepted=False)
        application_submit(application=application, actor=candidate)
        return application_reject(application=application, actor=staff, reason="Not yet.")


def _notice(application) -> Appeal:
    return application_appeal(application=application, actor=application.candidate)


@pytest.mark.parametrize("window", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_notice_is_taken_on_its_last_denver_day_across_a_clock_change(rmt, staff, window, client):
    decided, notice_by, _ = window
    application = _rejected_at(rmt, staff, decided)
    last_minute = f"{notice_by}T23:59:00{OFFSET[notice_by]}"
    with _at(_next(notice_by)):
        client.force_login(application.candidate)  # a session of that day
        page = " ".join(client.get(application.get_absolute_url()).text.split())
        assert "The time to appeal ended on <strong>" in page
        with pytest.raises(DomainError, match="The time to appeal ended on"):
            _notice(application)
    with _at(last_minute):  # in Chicago, already the next day
        client.force_login(application.candidate)
        assert "Give notice of appeal" in client.get(application.get_absolute_url()).text
        appeal = _notice(application)
    assert appeal.status == Appeal.Status.NOTICE_GIVEN


@pytest.mark.parametrize("window", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_grounds_are_taken_on_their_last_denver_day_across_a_clock_change(rmt, staff, window):
    decided, _, grounds_by = window
    application = _rejected_at(rmt, staff, decided)
    with _at(decided):
        appeal = _notice(application)
    with _at(_next(grounds_by)), pytest.raises(DomainError, match="had to be submitted by"):
        appeal_submit_grounds(appeal=appeal, actor=application.candidate, grounds=GROUNDS)
    with _at(f"{grounds_by}T23:59:00{OFFSET[grounds_by]}"):
        given = appeal_submit_grounds(appeal=appeal, actor=application.candidate, grounds=GROUNDS)
    assert given.status == Appeal.Status.GROUNDS_SUBMITTED


def test_a_decision_made_again_since_is_appealed_on_its_own_days(rmt, staff, client):
    """The rejection is sent back and made again later: the first appeal is history, and the
    new rejection has its own days, counted from its own Denver day."""
    from certify.appeals.services import appeal_decide

    decided, _, _ = SPRING
    application = _rejected_at(rmt, staff, decided)
    with _at(decided):
        first = _notice(application)
        appeal_submit_grounds(appeal=first, actor=application.candidate, grounds=GROUNDS)
        other = UserFactory(roles=[Role.PROGRAM_STAFF])
        appeal_decide(appeal=first, actor=other, uphold=False, reason="The hours count.")
    # decided again on 20 March, late in Denver's evening (21 March in Chicago and UTC)
    with _at("2027-03-20T23:30:00-06:00"):
        again = application_reject(application=application, actor=staff, reason="Still not.")
    assert application_appeal_current(again) is None  # the first appeal was of the old one
    with _at("2027-03-30T23:59:00-06:00"):  # the new decision's last day
        client.force_login(application.candidate)
        page = " ".join(client.get(application.get_absolute_url()).text.split())
        assert "give notice of appeal by <strong>March 30, 2027</strong>" in page
        second = _notice(again)
        with pytest.raises(DomainError, match="already appealed"):
            _notice(again)
    assert second.pk != first.pk
    assert second.decided_at == again.decided_at
    assert application_appeal_current(again) == second


def test_a_second_notice_for_the_same_decision_is_refused_and_leaves_one_appeal(rmt, staff):
    decided, notice_by, _ = SPRING
    application = _rejected_at(rmt, staff, decided)
    with _at(decided):
        appeal = _notice(application)
    with _at(f"{notice_by}T12:00:00-06:00"), pytest.raises(DomainError, match="already appealed"):
        _notice(application)
    assert list(Appeal.objects.all()) == [appeal]


def test_an_account_closed_or_deactivated_gives_no_notice(rmt, staff, client):
    """A session or key that outlived the account's deactivation cannot start an appeal through
    the service either (the pages and API refuse it before; this is the last door)."""
    decided, _, _ = SPRING
    application = _rejected_at(rmt, staff, decided)
    with _at(decided):
        account_deactivate(user=application.candidate, actor=staff)
        candidate = User.objects.get(pk=application.candidate_id)
        with pytest.raises(DomainError) as refused:
            appeal_give_notice(
                subject=application,
                appellant=candidate,
                program=rmt,
                decided_by=application.decided_by,
                decided_at=application.decided_at,
            )
        assert refused.value.message == NOT_ACTIVE
        client.force_login(candidate)  # a session that outlived it
        client.post(reverse("applications:appeal_notice", args=[application.pk]))
    assert not Appeal.objects.exists()
