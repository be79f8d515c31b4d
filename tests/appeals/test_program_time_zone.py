"""Days that are rules are days in the program's time zone (RULINGS): the ten days to give notice
of appeal, and the five-year window of experience, turn at the program's midnight, not the
site's. A program in Auckland, the site in Chicago (`TIME_ZONE`)."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from certify.appeals.services import appeal_give_notice, appeal_window
from certify.applications.decisions import application_reject
from certify.applications.models import Application
from certify.applications.services import application_eligibility
from certify.core.errors import DomainError
from certify.notifications.models import OutgoingEmail
from tests.factories import ApplicationFactory, ExperienceEntryFactory

# 1 Dec 2026, 12:00 UTC: already 2 December in Auckland (NZDT), still 1 December in Chicago.
DECIDED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def in_auckland(lsscp):
    lsscp.time_zone = "Pacific/Auckland"
    lsscp.save(update_fields=["time_zone"])
    return lsscp


def _rejected(program, staff, monkeypatch):
    application = ApplicationFactory(program=program, status=Application.Status.SUBMITTED)
    monkeypatch.setattr(timezone, "now", lambda: DECIDED)
    return application_reject(application=application, actor=staff, reason="Not library work.")


def _notice(application):
    return appeal_give_notice(
        subject=application,
        appellant=application.candidate,
        program=application.program,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
    )


def test_notice_of_appeal_counts_the_programs_days(in_auckland, staff, monkeypatch, client):
    application = _rejected(in_auckland, staff, monkeypatch)
    window = appeal_window(program=in_auckland, decided_at=application.decided_at)
    assert window.notice_by == date(2026, 12, 12)  # decided on 2 December there
    # 12 December, 23:00 in Auckland (still 4:00 that day in Chicago): the last day there.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 12, 10, 0, tzinfo=UTC))
    client.force_login(application.candidate)
    page = client.get(application.get_absolute_url()).text
    assert "give notice of appeal by <strong>December 12, 2026</strong>" in page
    assert _notice(application).status == "notice"


def test_the_rejection_email_gives_the_last_day_to_appeal_in_the_programs_days(
    in_auckland, staff, monkeypatch
):
    """The page gave the day; the e-mail said only "within 10 days of this decision"."""

    application = _rejected(in_auckland, staff, monkeypatch)
    email = OutgoingEmail.objects.get(to=application.candidate.email)
    words = "you may give notice of appeal by December 12, 2026, within 10 days of this decision."
    assert words in " ".join(email.text_body.split())
    assert words in " ".join(email.html_body.split())


def test_notice_of_appeal_ends_at_the_programs_midnight(in_auckland, staff, monkeypatch):
    application = _rejected(in_auckland, staff, monkeypatch)
    # 13 December, 00:30 in Auckland (still 12 December, 5:30, in Chicago): too late there.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 12, 11, 30, tzinfo=UTC))
    with pytest.raises(DomainError, match="The time to appeal ended on December 12, 2026"):
        _notice(application)


def test_the_experience_window_ends_on_the_programs_day(in_auckland, monkeypatch):
    application = ApplicationFactory(program=in_auckland)
    ExperienceEntryFactory(application=application)
    monkeypatch.setattr(timezone, "now", lambda: DECIDED)
    result = application_eligibility(application=application)
    assert (result.window_start, result.window_end) == (date(2021, 12, 2), date(2026, 12, 2))


def test_a_job_ending_today_in_the_programs_zone_is_not_in_the_future(
    in_auckland, monkeypatch, client
):
    """2 December in Auckland is today there, though still 1 December in Chicago: a job that
    ended that day is accepted by the page and by the service alike."""
    from certify.applications.services import experience_save

    application = ApplicationFactory(program=in_auckland)
    monkeypatch.setattr(timezone, "now", lambda: DECIDED)
    entry = experience_save(
        application=application,
        actor=application.candidate,
        library_name="Wellington City Library",
        library_type="public",
        role="Library assistant",
        start_date=date(2025, 1, 6),
        end_date=date(2026, 12, 2),
        hours_mode="weekly",
        hours_per_week=20,
    )
    assert entry.end_date == date(2026, 12, 2)
    client.force_login(application.candidate)
    fields = {
        "library_name": "Auckland Libraries",
        "library_type": "public",
        "role": "Shelver",
        "paid": "on",
        "start_date": "2025-01-06",
        "end_date": "2026-12-02",
        "hours_mode": "weekly",
        "hours_per_week": "10",
    }
    page = client.post(
        f"/applications/{application.pk}/experience/",
        {f"new-{name}": value for name, value in fields.items()},
    )
    assert page.status_code == 302, page.text[:2000]
    assert application.experience.count() == 2
