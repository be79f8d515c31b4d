"""The renewal cycle turns with the program's day, as the certificate does (RULINGS: dates in the
program's time zone). A program in Auckland: a second after its certificate's last day ends
there, the certificate is expired on every surface and the renewal cycle is in its grace
period, although it is still the last day in Chicago (the site's time zone)."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from certify.certificates import dates
from certify.certificates.models import Certificate
from certify.notifications.models import Notification
from certify.notifications.scheduler import jobs_run
from certify.renewals.lifecycle import Phase
from certify.renewals.selectors import certificate_lifecycle
from tests.renewals.conftest import holder_with_certificate

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_the_renewal_cycle_turns_at_the_programs_midnight(program, monkeypatch):
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    certificate = holder_with_certificate(program, issued_on=date(2021, 6, 30))
    end = dates.valid_until(certificate.expires_on, program)

    monkeypatch.setattr(timezone, "now", lambda: end)
    assert not certificate.is_expired
    assert certificate_lifecycle(certificate=certificate).phase == Phase.WINDOW

    after = end + timedelta(seconds=1)
    assert timezone.localtime(after, CHICAGO).date() == certificate.expires_on
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert certificate.is_expired
    assert certificate_lifecycle(certificate=certificate).phase == Phase.GRACE


# --- The daily sweep (reminders and lapse notices) on the program's day ------------------------
# The scheduler runs the daily job once per day of the site (Chicago) and gives it that day; each
# program's certificates are judged on the program's day at that moment.


def sent(certificate, event):
    return list(
        Notification.objects.filter(recipient=certificate.holder, event=event).values_list(
            "dedupe_key", flat=True
        )
    )


def expiring(program, expires_on: date, name: str = "Rosa Delgado"):
    certificate = holder_with_certificate(program, issued_on=date(2022, 1, 3), name=name)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
    certificate.refresh_from_db()
    return certificate


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_lapse_notice_goes_on_the_programs_lapse_day_not_the_sites(program, monkeypatch):
    program.time_zone = "Asia/Tokyo"
    program.save(update_fields=["time_zone"])
    # Two months' grace after 5 October: lapsed from 6 December.
    certificate = expiring(program, date(2026, 10, 5))
    now = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # 6 December, 01:00 in Tokyo
    assert timezone.localtime(now, CHICAGO).date() == date(2026, 12, 5)
    at(monkeypatch, now)
    assert certificate_lifecycle(certificate=certificate).phase == Phase.LAPSED  # its own page
    jobs_run()
    assert sent(certificate, "certificate.lapsed") == [
        f"renewal:{certificate.pk}:lapsed:2026-12-06"
    ]


def test_a_reminder_is_not_sent_a_day_early_behind_the_site(program, monkeypatch):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    # Expires on 6 March 2027: its three-month reminder is due on 6 December.
    certificate = expiring(program, date(2027, 3, 6))
    at(monkeypatch, datetime(2026, 12, 6, 6, 5, tzinfo=UTC))  # Chicago 00:05; Honolulu 5 Dec
    jobs_run()
    assert sent(certificate, "renewal.reminder") == []
    at(monkeypatch, datetime(2026, 12, 7, 6, 5, tzinfo=UTC))  # the next run; 6 Dec in Honolulu
    jobs_run()
    assert sent(certificate, "renewal.reminder") == [f"renewal:{certificate.pk}:3m"]


def test_no_program_day_is_left_out_when_the_job_runs_at_another_hour(program, monkeypatch):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    # Its three-month reminder is due on 5 December (Honolulu). The run of 5 December (site)
    # happens at 00:05 in Chicago, still 4 December in Honolulu; the next, of 6 December, at
    # 10:00 in Chicago, already 6 December in Honolulu: the 5th falls between them.
    certificate = expiring(program, date(2027, 3, 5))
    at(monkeypatch, datetime(2026, 12, 5, 6, 5, tzinfo=UTC))
    jobs_run()
    assert sent(certificate, "renewal.reminder") == []
    at(monkeypatch, datetime(2026, 12, 6, 16, 0, tzinfo=UTC))
    jobs_run()
    assert sent(certificate, "renewal.reminder") == [f"renewal:{certificate.pk}:3m"]
