"""Reminders at 12, 6, 3 and 1 months before expiry and at lapse: each once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.notifications.models import Notification
from certify.notifications.scheduler import DAILY_JOBS, FREQUENT_JOBS, jobs_run
from certify.renewals.lifecycle import add_months
from certify.renewals.services import reminders_send
from tests.clock import clock_at
from tests.renewals.conftest import holder_with_certificate


@pytest.fixture
def certificate(program):
    """Issued today: expires in five years."""
    return holder_with_certificate(program, issued_on=timezone.localdate())


def sent(certificate, event="renewal.reminder"):
    return list(
        Notification.objects.filter(recipient=certificate.holder, event=event)
        .order_by("id")
        .values_list("dedupe_key", flat=True)
    )


def test_the_jobs_are_registered(db):
    assert "renewals.reminders" in DAILY_JOBS
    assert "renewals.paid_sync" not in FREQUENT_JOBS  # paid renewals move on by an event


def test_each_milestone_is_sent_once(certificate):
    expires = certificate.expires_on
    key = f"renewal:{certificate.pk}"
    for months in (12, 6, 3, 1):
        day = add_months(expires, -months)
        reminders_send(today=day - timedelta(days=1))
        reminders_send(today=day)
        reminders_send(today=day)  # twice the same day
        reminders_send(today=day + timedelta(days=1))
    assert sent(certificate) == [f"{key}:12m", f"{key}:6m", f"{key}:3m", f"{key}:1m"]


def test_a_late_run_sends_the_latest_milestone_only(certificate):
    expires = certificate.expires_on
    reminders_send(today=add_months(expires, -6) + timedelta(days=3))  # missed days
    assert sent(certificate) == [f"renewal:{certificate.pk}:6m"]  # never the 12-month one


def test_the_lapse_notice_goes_once_and_not_for_old_lapses(certificate, program):
    lapses_on = add_months(certificate.expires_on, program.renewal_grace_months) + timedelta(1)
    reminders_send(today=certificate.expires_on + timedelta(days=1))  # grace: nothing
    reminders_send(today=lapses_on)
    reminders_send(today=lapses_on + timedelta(days=5))
    assert len(sent(certificate, "certificate.lapsed")) == 1
    other = holder_with_certificate(program, issued_on=timezone.localdate(), name="Old Lapse")
    reminders_send(today=add_months(other.expires_on, 6))  # lapsed long ago
    assert sent(other, "certificate.lapsed") == []


def test_the_scheduler_runs_the_job_once_a_day(program):
    today = timezone.localdate()
    due = holder_with_certificate(
        program,
        issued_on=add_months(add_months(today, 3), -12 * program.certificate_validity_years),
    )
    jobs_run()
    jobs_run()
    assert sent(due) == [f"renewal:{due.pk}:3m"]


# On an ordinary day: on some days no certificate can have its milestone "today" or "the day
# before yesterday" (on 31 August 2027 none expires on 29 February 2028 when issued five years
# before, on 28 February 2023; on 2 December 2026 the 3-month milestone of an expiry on 28
# February was 28 November), and the test's certificates missed their milestones.
@clock_at("2027-06-15T12:00:00-05:00")
def test_a_daily_run_sends_only_what_fell_due_since_the_last_run(program):
    # Hundreds of certificates whose milestones are not today are not read: the day's query
    # selects expiry-day ranges, and covers the days since the last completed run.
    from certify.notifications.models import JobRun

    today = timezone.localdate()
    validity = program.certificate_validity_years
    due = holder_with_certificate(
        program, issued_on=add_months(add_months(today, 6), -12 * validity), name="Due Today"
    )
    missed = holder_with_certificate(  # its 3-month milestone was the day before yesterday
        program,
        issued_on=add_months(add_months(today - timedelta(days=2), 3), -12 * validity),
        name="Missed Day",
    )
    not_yet = holder_with_certificate(
        program, issued_on=add_months(add_months(today, 5), -12 * validity), name="Not Yet"
    )
    JobRun.objects.create(
        job="renewals.reminders", day=today - timedelta(days=3), finished_at=timezone.now()
    )
    assert reminders_send(today=today) == (2, 0)
    assert sent(due) == [f"renewal:{due.pk}:6m"]
    assert sent(missed) == [f"renewal:{missed.pk}:3m"]  # the scheduler missed that day
    assert sent(not_yet) == []  # its 6-month reminder went out a month ago; nothing now


def test_the_reminder_query_does_not_grow_with_certificates_not_due(
    program, django_assert_max_num_queries
):
    today = timezone.localdate()
    validity = program.certificate_validity_years
    for n in range(5):  # milestones weeks away: not due today
        holder_with_certificate(
            program,
            issued_on=add_months(today + timedelta(days=20 + n), -12 * validity),
            name=f"Far Away {n}",
        )
    from certify.notifications.models import JobRun

    JobRun.objects.create(  # yesterday's run sent what was due then
        job="renewals.reminders", day=today - timedelta(days=1), finished_at=timezone.now()
    )
    with django_assert_max_num_queries(3):  # the last run, programs, the due certificates
        assert reminders_send(today=today) == (0, 0)
