"""Completion-deadline reminders (ADR 0073): 6 months, 2 months and 2 weeks before the deadline,
each once per deadline, on the program's day; none for a candidate who completed, withdrew or
whose deadline passed; a run after missed days sends only the nearest reminder."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.applications.models import Application
from certify.notifications.models import JobRun, Notification
from certify.notifications.scheduler import DAILY_JOBS, jobs_run
from certify.progress.models import PlannedSet
from certify.progress.reminders import JOB, add_months, deadline_reminders_send
from tests.certificates.conftest import nearly_done
from tests.renewals.conftest import renewal_program

DEADLINE = date(2030, 6, 15)
SIX_MONTHS = date(2029, 12, 15)
TWO_MONTHS = date(2030, 4, 15)
TWO_WEEKS = date(2030, 6, 1)
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def program(db):
    return renewal_program()


def candidate(program, *, deadline=DEADLINE, name="Dana Okafor"):
    application, _last = nearly_done(program, name=name)
    Application.objects.filter(pk=application.pk).update(completion_deadline=deadline)
    application.refresh_from_db()
    return application


def sent(application):
    return list(
        Notification.objects.filter(
            recipient=application.candidate,
            event__in=["deadline.reminder", "application.deadline_extended"],
        )
        .order_by("id")
        .values_list("dedupe_key", flat=True)
    )


def key(application, stage, deadline=DEADLINE):
    return f"deadline:{application.pk}:{deadline.isoformat()}:{stage}"


def test_the_job_is_registered(db):
    assert JOB in DAILY_JOBS


@pytest.mark.parametrize(
    ("day", "stage"), [(SIX_MONTHS, "6m"), (TWO_MONTHS, "2m"), (TWO_WEEKS, "2w")]
)
def test_each_reminder_goes_on_its_day_not_the_day_before_and_once(program, day, stage):
    application = candidate(program)
    before = day - timedelta(days=1)
    deadline_reminders_send(today=before, since=before)
    assert key(application, stage) not in sent(application)
    assert deadline_reminders_send(today=day, since=day) == 1
    deadline_reminders_send(today=day, since=day)  # twice the same day
    deadline_reminders_send(today=day + timedelta(days=1), since=day + timedelta(days=1))
    assert sent(application)[-1] == key(application, stage)
    assert sent(application).count(key(application, stage)) == 1


def test_every_reminder_once_over_the_whole_run_up(program):
    application = candidate(program)
    day = SIX_MONTHS - timedelta(days=3)
    while day <= DEADLINE + timedelta(days=3):
        deadline_reminders_send(today=day, since=day)
        day += timedelta(days=1)
    assert sent(application) == [key(application, s) for s in ("6m", "2m", "2w")]


def test_a_run_after_missed_days_sends_the_nearest_reminder_only(program):
    application = candidate(program)
    # The scheduler was away from before the 2-month reminder until after it.
    assert deadline_reminders_send(today=TWO_MONTHS + timedelta(days=4), since=SIX_MONTHS) == 1
    assert sent(application) == [key(application, "2m")]  # never the 6-month one as well


def test_a_run_long_after_a_reminder_does_not_send_it(program):
    application = candidate(program)
    deadline_reminders_send(today=TWO_MONTHS + timedelta(days=40))  # no run on record
    assert sent(application) == []  # the catch-up covers the last 31 days only
    deadline_reminders_send(today=TWO_MONTHS + timedelta(days=20))
    assert sent(application) == [key(application, "2m")]


def test_an_extension_starts_the_reminders_again(program):
    application = candidate(program)
    deadline_reminders_send(today=TWO_WEEKS, since=TWO_WEEKS)
    later = date(2031, 6, 15)
    Application.objects.filter(pk=application.pk).update(completion_deadline=later)
    for day in (date(2030, 12, 15), date(2031, 4, 15), date(2031, 6, 1)):
        deadline_reminders_send(today=day, since=day)
    assert sent(application) == [
        key(application, "2w"),
        key(application, "6m", later),
        key(application, "2m", later),
        key(application, "2w", later),
    ]


def test_an_extension_tells_the_candidate_with_the_reminder_already_due_once(
    program, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """Extended on 5 June to 1 August: the new deadline's 2-month day (1 June) passed before
    the extension, so no daily run reaches it. The candidate hears of the extension at once, in
    one e-mail that also says the time really left and what is left (under the reminder's key,
    so no second e-mail says it again), not the reason staff gave; the 2-week reminder follows
    on its day."""
    from certify.applications.api import deadline_extend
    from certify.progress.reminders import deadline_extended_remind

    application = candidate(program)
    deadline_reminders_send(today=TWO_WEEKS, since=TWO_WEEKS)
    later = date(2030, 8, 1)
    extended_on = datetime(2030, 6, 5, 17, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: extended_on)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deadline_extend(
            application=application, actor=staff, new_deadline=later, reason="Staff note: ill"
        )
    assert sent(application) == [key(application, "2w"), key(application, "2m", later)]
    (email,) = [m for m in mail.outbox if application.candidate.email in m.to]
    assert email.subject == "Your deadline is extended to August 1, 2030"
    assert "is now August 1, 2030, to the end of that day" in email.body
    assert "8 weeks from now" in email.body
    assert "What is left to do" in email.body
    plan = reverse("progress:plan_in", kwargs={"slug": program.slug})
    assert "See your plan: http" in email.body
    assert plan in email.body
    assert "Staff note" not in email.body
    assert "Staff note" not in email.alternatives[0][0]
    # Delivered again (at least once), the same day or later: nothing more.
    assert deadline_extended_remind(application_id=application.pk, deadline=later) is False
    day = date(2030, 6, 5)
    while day <= later:
        deadline_reminders_send(today=day, since=day)
        day += timedelta(days=1)
    assert sent(application) == [
        key(application, "2w"),
        key(application, "2m", later),
        key(application, "2w", later),
    ]
    # An extension with no reminder reached yet for it: the extension alone, once; the
    # reminders follow on their days.
    mail.outbox.clear()
    farther = date(2031, 6, 15)
    with django_capture_on_commit_callbacks(execute=True):
        deadline_extend(application=application, actor=staff, new_deadline=farther, reason="Ill")
    assert sent(application)[3:] == [f"deadline-extended:{application.pk}:2031-06-15"]
    (email,) = [m for m in mail.outbox if application.candidate.email in m.to]
    assert "is now June 15, 2031" in email.body
    assert "from now" not in email.body
    assert deadline_extended_remind(application_id=application.pk, deadline=farther) is False
    assert len(sent(application)) == 4


def test_an_extension_and_the_daily_run_the_same_day_send_one_email(
    program, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """The 2-week day of the new deadline is the day of the extension: the daily run that day
    finds the extension's e-mail under the reminder's key and sends nothing more."""
    from certify.applications.api import deadline_extend

    application = candidate(program)
    later = date(2030, 6, 19)  # its 2-week day: 5 June
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 6, 5, 17, 0, tzinfo=UTC))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deadline_extend(application=application, actor=staff, new_deadline=later, reason="Ill")
    assert deadline_reminders_send(today=date(2030, 6, 5), since=date(2030, 6, 5)) == 0
    (email,) = [m for m in mail.outbox if application.candidate.email in m.to]
    assert email.subject == "Your deadline is extended to June 19, 2030"
    assert sent(application) == [key(application, "2w", later)]


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("today", "deadline", "words"),
    [
        (SIX_MONTHS, DEADLINE, "6 months"),
        (TWO_MONTHS, DEADLINE, "2 months"),
        (TWO_WEEKS, DEADLINE, "2 weeks"),
        (date(2030, 2, 28), date(2030, 8, 31), "6 months"),  # the month-end's reminder day
        (date(2030, 1, 10), DEADLINE, "5 months"),
        (date(2030, 4, 20), DEADLINE, "8 weeks"),
        (date(2030, 6, 2), DEADLINE, "13 days"),
        (date(2030, 6, 14), DEADLINE, "1 day"),
        (DEADLINE, DEADLINE, "less than a day"),
    ],
)
def test_the_time_left_is_said_as_it_is(today, deadline, words):
    from certify.progress.reminders import time_left

    assert time_left(today=today, deadline=deadline) == words


def test_none_for_the_completed_the_withdrawn_or_after_the_deadline(program):
    done = candidate(program, name="Done Already")
    PlannedSet.objects.filter(application=done).update(status=PlannedSet.Status.SATISFIED)
    withdrawn = candidate(program, name="Gone Away")
    Application.objects.filter(pk=withdrawn.pk).update(status=Application.Status.WITHDRAWN)
    for day in (SIX_MONTHS, TWO_MONTHS, TWO_WEEKS):
        deadline_reminders_send(today=day, since=day)
    assert sent(done) == []
    assert sent(withdrawn) == []
    late = candidate(program, name="Too Late")
    after = DEADLINE + timedelta(days=1)
    deadline_reminders_send(today=after, since=TWO_WEEKS + timedelta(days=1))
    assert sent(late) == []  # its 2-week reminder was missed; the deadline has passed


def test_the_email_says_what_is_left_and_how_to_ask_for_more_time(
    program, django_capture_on_commit_callbacks
):
    program.contact_email = "lsscp@example.org"
    program.save(update_fields=["contact_email"])
    application = candidate(program)
    left = PlannedSet.objects.filter(application=application).exclude(status="satisfied").get()
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_send(today=TWO_MONTHS, since=TWO_MONTHS)
    (email,) = [m for m in mail.outbox if application.candidate.email in m.to]
    assert email.subject == "2 months left to complete your certification"
    assert "June 15, 2030" in email.body
    assert f"- {left.competency_set.code}: {left.competency_set.name}" in email.body
    assert "ask program staff for an extension" in email.body
    assert "lsscp@example.org" in email.body


def test_the_reminder_goes_on_the_programs_day(program, monkeypatch):
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    application = candidate(program)
    # 14 April, 20:00 in Chicago (the site's day) is already 15 April in Auckland.
    moment = datetime(2030, 4, 15, 1, 0, tzinfo=UTC)
    assert timezone.localtime(moment, CHICAGO).date() == date(2030, 4, 14)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    JobRun.objects.create(job=JOB, day=date(2030, 4, 13), finished_at=moment)
    jobs_run()
    assert sent(application) == [key(application, "2m")]


def test_not_a_day_early_in_a_program_behind_the_site(program, monkeypatch):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    application = candidate(program)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 6, 1, 5, 5, tzinfo=UTC))
    jobs_run()  # 1 June in Chicago, still 31 May in Honolulu
    assert sent(application) == []
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 6, 2, 5, 5, tzinfo=UTC))
    jobs_run()  # the next run: 1 June in Honolulu
    assert sent(application) == [key(application, "2w")]


def test_the_query_does_not_grow_with_rows_not_due(program, django_assert_num_queries):
    today = timezone.localdate()
    for n in range(5):  # deadlines whose reminders are days away
        candidate(program, deadline=add_months(today, 2) + timedelta(days=5 + n), name=f"F {n}")
    JobRun.objects.create(job=JOB, day=today - timedelta(days=1), finished_at=timezone.now())
    with django_assert_num_queries(3):  # the last run, the programs, the due applications
        assert deadline_reminders_send(today=today) == 0


def test_the_reads_do_not_grow_with_the_reminders_sent(program, monkeypatch):
    # Each notice's own queries aside (`notify`), one run reads the same for 1 or 3 candidates.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certify.progress import reminders

    monkeypatch.setattr(reminders, "notify", lambda **_: True)

    def reads_for(count, year):
        day = date(year, 4, 15)
        for n in range(count):
            candidate(program, deadline=date(year, 6, 15), name=f"D {year} {n}")
        with CaptureQueriesContext(connection) as reads:
            assert deadline_reminders_send(today=day, since=day) == count
        return len(reads)

    assert reads_for(1, 2030) == reads_for(3, 2031)
