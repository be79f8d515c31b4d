"""An appeal's days are the program's days on every page, as its rules count them (RULINGS: dates
are shown in the program's time zone). RMT (Denver) rejects an application at 23:30 on 1 February
2027, when it is already 2 February in Chicago (the site's `TIME_ZONE`): the decision is of 1
February, notice is due by 11 February (10 days), the grounds by 3 March (30 days), and each
closes at Denver's midnight, on the pages and in the services alike (tests/programs/
second_program.py sets RMT up as its staff would)."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.appeals.services import appeal_give_notice, appeal_submit_grounds
from certify.applications.decisions import application_reject
from certify.applications.services import application_submit
from certify.core.errors import DomainError
from certify.programs.setup import program_settings_update
from tests.clock import clock_at
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

pytestmark = clock_at("2027-02-01T23:30:00-07:00")  # 06:30 UTC (00:30 in Chicago) on 2 February

GROUNDS = "The hours at the county records center were records management work."


def _denver(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def rejected(lsscp, staff):
    rmt = rmt_set_up(staff)
    days = {"appeal_notice_days": 10, "appeal_grounds_days": 30}
    program_settings_update(program=rmt, actor=staff, section="appeals", data=days)
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    application_submit(application=application, actor=candidate)
    application = application_reject(application=application, actor=staff, reason="Not yet.")
    site_day = timezone.localtime(application.decided_at, timezone.get_default_timezone()).date()
    assert site_day.isoformat() == "2027-02-02"
    return application


@pytest.fixture
def appeal(rejected):
    return appeal_give_notice(
        subject=rejected,
        appellant=rejected.candidate,
        program=rejected.program,
        decided_by=rejected.decided_by,
        decided_at=rejected.decided_at,
    )


def _at(monkeypatch, text: str) -> None:
    moment = _denver(text)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_grounds_page_gives_the_programs_days(appeal, client):
    client.force_login(appeal.appellant)
    page = _flat(client.get(reverse("appeals:grounds", args=[appeal.pk])).text)
    assert "against the decision of February 1, 2027 on your" in page
    assert "Due by March 3, 2027." in page


def test_staff_pages_give_the_programs_days(appeal, client):
    other = UserFactory(roles=[Role.PROGRAM_STAFF])  # not the one who decided
    client.force_login(other)
    listed = _flat(client.get(reverse("appeals:list")).text)
    assert "<td>February 1, 2027</td><td>March 3, 2027</td>" in listed
    review = _flat(client.get(reverse("appeals:review", args=[appeal.pk])).text)
    assert "Against a decision of February 1, 2027 by" in review
    detail = _flat(client.get(f"/staff/applications/{appeal.subject_id}/").text)
    assert "(notice February 1, 2027)" in detail
    home = _flat(client.get(reverse("staff:home")).text)
    assert "The first grounds are due by <strong>March 3, 2027</strong>" in home


def test_notice_is_taken_until_denvers_midnight_on_its_last_day(rejected, client, monkeypatch):
    _at(monkeypatch, "2027-02-11T23:59:00-07:00")  # 00:59 on the 12th in Chicago
    client.force_login(rejected.candidate)
    page = _flat(client.get(rejected.get_absolute_url()).text)
    assert "Decided on February 1, 2027." in page
    assert "give notice of appeal by <strong>February 11, 2027</strong>" in page
    _at(monkeypatch, "2027-02-12T00:01:00-07:00")
    page = _flat(client.get(rejected.get_absolute_url()).text)
    assert "The time to appeal ended on <strong>February 11, 2027</strong>" in page
    with pytest.raises(DomainError) as refused:
        appeal_give_notice(
            subject=rejected,
            appellant=rejected.candidate,
            program=rejected.program,
            decided_by=rejected.decided_by,
            decided_at=rejected.decided_at,
        )
    assert refused.value.message == (
        "The time to appeal ended on February 11, 2027 (10 days after the decision)."
    )


def test_grounds_are_taken_until_denvers_midnight_on_their_last_day(appeal, client, monkeypatch):
    _at(monkeypatch, "2027-03-04T00:01:00-07:00")
    client.force_login(appeal.appellant)
    page = _flat(client.get(reverse("appeals:grounds", args=[appeal.pk])).text)
    closed = "The grounds had to be submitted by March 3, 2027: the time to give them has ended"
    assert closed in page
    with pytest.raises(DomainError, match=closed):
        appeal_submit_grounds(appeal=appeal, actor=appeal.appellant, grounds=GROUNDS)
    _at(monkeypatch, "2027-03-03T23:59:00-07:00")  # 00:59 on 4 March in Chicago
    page = _flat(client.get(reverse("appeals:grounds", args=[appeal.pk])).text)
    assert "Due by March 3, 2027." in page
    given = appeal_submit_grounds(appeal=appeal, actor=appeal.appellant, grounds=GROUNDS)
    assert given.status == "grounds"
