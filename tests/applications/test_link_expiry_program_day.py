"""A supervisor's confirmation link and an evidence attestation link say the day they expire in
the program's time zone (RULINGS: dates are shown there), not the site's. RMT (Denver) asks at
23:30 on 1 February 2027; the link expires 30 days later at 23:30 on 3 March in Denver, when it is
already 4 March in Chicago (the site's `TIME_ZONE`). The e-mail, the candidate's page and staff's
page all say March 3 (tests/programs/second_program.py sets RMT up as its staff would)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certify.applications.services import experience_save, supervisor_request
from certify.portfolios.services import evidence_request_attestation, portfolio_open
from certify.progress.services import plan_ensure, route_choose
from tests.clock import clock_at
from tests.portfolios.conftest import settle_enrollment
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

pytestmark = clock_at("2027-02-01T23:30:00-07:00")  # 06:30 UTC on 2 February

LAST_DAY = "March 3, 2027"
CHICAGO_DAY = "March 4, 2027"


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def asked(rmt, staff, django_capture_on_commit_callbacks):
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    entry = application.experience.get()
    fields = {
        name: getattr(entry, name)
        for name in (
            "library_name",
            "library_type",
            "role",
            "start_date",
            "hours_mode",
            "hours_per_week",
        )
    }
    entry = experience_save(
        application=application,
        actor=candidate,
        entry=entry,
        supervisor_name="Pat Lee",
        supervisor_email="pat@records.example",
        **fields,
    )
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_request(entry=entry, actor=candidate)
    return application


def test_the_supervisor_email_gives_the_programs_last_day(asked):
    confirmation = asked.experience.get().confirmation_requests.get()
    site_day = timezone.localtime(confirmation.expires_at, timezone.get_default_timezone())
    assert site_day.date().isoformat() == "2027-03-04"
    body = _flat(mail.outbox[-1].body)
    assert f"The link below works until {LAST_DAY} and can be used once." in body


def test_the_candidates_page_and_staffs_give_the_programs_last_day(asked, client, staff):
    client.force_login(asked.candidate)
    page = _flat(client.get(asked.get_absolute_url()).text)
    assert f"it works once, until {LAST_DAY}, and stops when you submit." in page
    assert CHICAGO_DAY not in page
    client.force_login(staff)
    page = _flat(client.get(f"/staff/applications/{asked.pk}/").text)
    assert "Waiting (link until March 3, 2027)" in page


def test_an_expired_link_says_the_programs_day_it_expired(asked, client, staff, monkeypatch):
    expires_at = asked.experience.get().confirmation_requests.get().expires_at
    monkeypatch.setattr(timezone, "now", lambda: expires_at + timedelta(minutes=1))
    client.force_login(asked.candidate)
    page = _flat(client.get(asked.get_absolute_url()).text)
    assert f"expired on {LAST_DAY}: send it again." in page
    client.force_login(staff)
    page = _flat(client.get(f"/staff/applications/{asked.pk}/").text)
    assert "Link expired March 3, 2027" in page


def test_the_attestation_email_gives_the_programs_last_day(
    rmt, staff, django_capture_on_commit_callbacks
):
    candidate, application = rmt_candidate(rmt, staff)
    settle_enrollment(application)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RET")
    route_choose(planned=row, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=row, actor=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate,
            attester_name="Pat Lee",
            attester_email="pat@records.example",
            title="Retention schedule",
            description="What you saw.",
        )
    body = _flat(mail.outbox[-1].body)
    assert f"The link below works until {LAST_DAY} and can be used once" in body
