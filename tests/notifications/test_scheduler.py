from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certify.notifications import scheduler
from certify.notifications.models import JobRun, Notification
from certify.notifications.services import notify
from tests.factories import UserFactory


@pytest.fixture
def jobs(monkeypatch):
    """Replace the registered jobs with test ones for the duration of a test."""
    monkeypatch.setattr(scheduler, "DAILY_JOBS", {})
    monkeypatch.setattr(scheduler, "FREQUENT_JOBS", {})
    return scheduler


def test_daily_jobs_run_once_a_day_and_frequent_jobs_every_time(db, jobs):
    calls = []
    jobs.daily_job("daily")(lambda today: calls.append(("daily", today)) or "done")
    jobs.frequent_job("often")(lambda now: calls.append(("often", None)) or "ok")
    now = timezone.now()
    first = jobs.jobs_run(now=now)
    second = jobs.jobs_run(now=now)
    assert [c[0] for c in calls] == ["often", "daily", "often"]
    assert [o.skipped for o in second] == [False, True]
    assert first[1].result == "done"
    assert JobRun.objects.get(job="daily").finished_at is not None


def test_reminders_go_out_once_even_when_the_scheduler_runs_twice(
    db, jobs, django_capture_on_commit_callbacks
):
    people = UserFactory.create_batch(3)

    @jobs.daily_job("remind")
    def remind(today: date) -> str:
        sent = 0
        for person in people:
            sent += bool(
                notify(
                    recipient=person,
                    event="deadline.reminder",
                    context={"left": "6 months", "deadline": today},
                    dedupe_key=f"deadline:{person.pk}:6m",
                )
            )
        return f"{sent} sent"

    with django_capture_on_commit_callbacks(execute=True):
        day1 = timezone.now()
        jobs.jobs_run(now=day1)
        JobRun.objects.all().delete()  # even if the day's record were lost...
        outcomes = jobs.jobs_run(now=day1)
        jobs.jobs_run(now=day1 + timedelta(days=3))  # ...or it runs again days later
    assert outcomes[0].result == "0 sent"
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_job_that_was_not_run_for_days_catches_up(db, jobs):
    seen: list[date] = []
    jobs.daily_job("catch-up")(lambda today: seen.append(today) or "ok")
    jobs.jobs_run(now=datetime(2026, 11, 20, 12, tzinfo=timezone.get_current_timezone()))
    jobs.jobs_run(now=datetime(2026, 11, 27, 12, tzinfo=timezone.get_current_timezone()))
    # The job is given today's date and handles everything due up to it.
    assert seen == [date(2026, 11, 20), date(2026, 11, 27)]


def test_a_failing_job_does_not_stop_the_others_and_is_retried(db, jobs):
    attempts = []

    def flaky(today):
        attempts.append(today)
        if len(attempts) == 1:
            raise RuntimeError("database hiccup")
        return "ok"

    jobs.daily_job("flaky")(flaky)
    jobs.daily_job("steady")(lambda today: "ok")
    first = jobs.jobs_run()
    assert [(o.job, o.failed) for o in first] == [("flaky", True), ("steady", False)]
    second = jobs.jobs_run()
    assert [(o.job, o.skipped, o.failed) for o in second] == [
        ("flaky", False, False),
        ("steady", True, False),
    ]


def test_run_jobs_command_lists_each_job(db, capsys):
    call_command("run_jobs")
    out = capsys.readouterr().out
    assert "email.retry_due" in out
    assert "tasks.prune_results" in out
    call_command("run_jobs")
    assert "already ran today" in capsys.readouterr().out
