"""A certificate that expires overnight, or lapses, has its stored PDF typeset again in the
background (ADR 0058): the daily job `certificates.expired_documents` reads the certificates that
expired since its last completed run (each program on its own day) and the renewals' lapse event
renders the same way, so the first download after the change is served from storage
(`no_typesetting`) and reads "Expired" or "Lapsed"."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from certify.certificates import dates, services
from certify.certificates.expiry import JOB, expired_documents_render, expired_since
from certify.certificates.models import Certificate
from certify.core.events import registry
from certify.notifications.models import JobRun
from certify.notifications.scheduler import DAILY_JOBS
from certify.renewals.lifecycle import Phase, add_months
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import certificate_reinstate_lapsed, reminders_send
from tests.certificates.conftest import finish, nearly_done
from tests.certificates.test_stored_pdf import _download, _text
from tests.conftest import stored_pdfs


@pytest.fixture
def issued(nearly, stored_documents, django_capture_on_commit_callbacks):
    """A certificate issued with what happens after commit run (its events, then its task)."""
    application, last = nearly
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    return application.certificate


def _last_valid_day(certificate, day: date) -> None:
    """Its last valid day set to `day`, as the calendar moves it: no event, no service."""
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=day)
    certificate.refresh_from_db()


def _completed(day: date) -> None:
    JobRun.objects.create(job=JOB, day=day, finished_at=timezone.now())


def test_the_job_is_a_daily_job_and_the_lapse_event_renders_too():
    assert JOB in DAILY_JOBS
    handler = "certify.renewals.handlers.lapsed_certificate_pdf"
    assert handler in registry()["certificate.lapsed"]


def test_a_certificate_that_expired_overnight_is_served_from_storage_reading_expired(
    client, issued, stored_documents, django_capture_on_commit_callbacks, request
):
    [valid] = stored_pdfs(stored_documents, "certificates", issued.pk)
    today = timezone.localdate()
    _last_valid_day(issued, dates.today(issued.program) - timedelta(days=1))
    assert issued.current_status == Certificate.EXPIRED
    with django_capture_on_commit_callbacks(execute=True):
        result = DAILY_JOBS[JOB](today)
    assert result == "1 expired certificate PDF(s) to typeset again"
    [expired] = stored_pdfs(stored_documents, "certificates", issued.pk)
    assert expired != valid  # the old rendering went
    request.getfixturevalue("no_typesetting")
    content = _download(client, issued)
    assert content == expired.read_bytes()
    assert "Expired." in _text(content)


def test_a_certificate_that_lapsed_is_served_from_storage_reading_lapsed(
    client, issued, stored_documents, django_capture_on_commit_callbacks, request
):
    program = issued.program
    today = timezone.localdate()
    assert dates.today(program) == today  # the program keeps the site's zone
    # The last valid day whose grace period ended yesterday: it lapses today.
    around = add_months(today - timedelta(days=1), -program.renewal_grace_months)
    for day in (around + timedelta(days=d) for d in range(-4, 5)):
        _last_valid_day(issued, day)
        if certificate_lifecycle(certificate=issued).lapses_on == today:
            break
    assert certificate_lifecycle(certificate=issued).lapses_on == today
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=today) == (0, 1)  # the lapse notice, its event, its PDF
    [lapsed] = stored_pdfs(stored_documents, "certificates", issued.pk)
    request.getfixturevalue("no_typesetting")
    content = _download(client, issued)
    assert content == lapsed.read_bytes()
    assert "Lapsed." in _text(content)


def test_a_reinstated_certificate_is_served_from_storage_reading_expired_again(
    client, issued, staff_user, stored_documents, django_capture_on_commit_callbacks, request
):
    """Staff reopen renewal of a lapsed certificate: it reads "Expired" again, not "Lapsed",
    and its PDF is typeset again in the background as after its lapse (ADR 0058)."""
    today = timezone.localdate()
    _last_valid_day(issued, add_months(today, -issued.program.renewal_grace_months) - timedelta(2))
    assert certificate_lifecycle(certificate=issued).phase == Phase.LAPSED
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)  # its lapse: the event typesets it "Lapsed"
    [lapsed] = stored_pdfs(stored_documents, "certificates", issued.pk)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reinstate_lapsed(
            certificate=issued,
            actor=staff_user,
            reason="A hospital stay during the grace period.",
            renew_by=today + timedelta(days=30),
        )
    [reinstated] = stored_pdfs(stored_documents, "certificates", issued.pk)
    assert reinstated != lapsed  # the "Lapsed" rendering went
    request.getfixturevalue("no_typesetting")
    content = _download(client, issued)
    assert content == reinstated.read_bytes()
    assert "Expired." in _text(content)
    assert "Lapsed" not in _text(content)


def test_only_the_expiries_since_the_last_completed_run_are_read(certificate, staff_user):
    today = timezone.localdate()
    assert dates.today(certificate.program) == today

    def read(expired_on: date) -> bool:
        _last_valid_day(certificate, expired_on - timedelta(days=1))
        return expired_since(today=today) == [certificate.pk]

    # A first run: only the day's expiries (the others are typeset at their next download).
    assert read(today)
    assert not read(today - timedelta(days=1))
    # After yesterday's run: today's, not yesterday's (that run's), nor one still valid.
    _completed(today - timedelta(days=1))
    assert read(today)
    assert not read(today - timedelta(days=1))
    assert not read(today + timedelta(days=1))
    # A scheduler away for three days catches up on them; a run that failed does not count.
    JobRun.objects.all().delete()
    _completed(today - timedelta(days=4))
    JobRun.objects.create(job=JOB, day=today - timedelta(days=2))  # never finished
    assert read(today - timedelta(days=3))
    assert not read(today - timedelta(days=4))
    # Only a valid certificate: a revoked one's PDF already says so.
    _last_valid_day(certificate, today - timedelta(days=1))
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")
    assert expired_since(today=today) == []


def test_a_program_ahead_of_the_site_is_read_on_its_own_day(certificate, monkeypatch):
    program = certificate.program
    program.time_zone = "Asia/Tokyo"
    program.save(update_fields=["time_zone"])
    now = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # 6 December, 01:00 in Tokyo
    assert timezone.localtime(now, zoneinfo.ZoneInfo("America/Chicago")).date() == date(2026, 12, 5)
    monkeypatch.setattr(timezone, "now", lambda: now)
    site_today = date(2026, 12, 5)
    # Its last day was 5 December in Tokyo: expired there today, still the 5th in Chicago.
    _last_valid_day(certificate, date(2026, 12, 5))
    assert expired_since(today=site_today) == [certificate.pk]
    _last_valid_day(certificate, date(2026, 12, 2))
    assert expired_since(today=site_today) == []


def test_nothing_is_read_or_queued_when_documents_are_not_stored(
    certificate, django_assert_num_queries
):
    _last_valid_day(certificate, timezone.localdate() - timedelta(days=1))
    with django_assert_num_queries(0):
        assert expired_documents_render(today=timezone.localdate()) == 0


def test_the_selection_takes_the_same_queries_however_many_expired(
    program,
    certificate,
    stored_documents,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    yesterday = timezone.localdate() - timedelta(days=1)
    _last_valid_day(certificate, yesterday)
    # The last completed run, the programs, the certificates: three queries, for any number.
    with django_assert_num_queries(3), django_capture_on_commit_callbacks() as queued:
        assert expired_documents_render(today=timezone.localdate()) == 1
    assert len(queued) == 1  # its task, after commit
    application, last = nearly_done(program, name="Ana Ito", email="ana@example.org")
    finish(last)
    _last_valid_day(application.certificate, yesterday)
    with django_assert_num_queries(3), django_capture_on_commit_callbacks() as queued:
        assert expired_documents_render(today=timezone.localdate()) == 2
    assert len(queued) == 2
