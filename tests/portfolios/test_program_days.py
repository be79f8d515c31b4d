"""A review is due by a day of its program (ADR 0036): the day it is set from, the staff list's
"overdue" filter and the daily reminders all count in the program's time zone. The site is in
Chicago; the program here is in Honolulu. At 08:00 UTC on 6 December it is 6 December in
Chicago and still 5 December (22:00) in Honolulu; at 10:30 UTC it is 6 December there too."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings

from certify.portfolios import services
from certify.portfolios.handlers import review_reminders
from certify.portfolios.selectors import submission_list_for_staff
from certify.portfolios.task_list import submitted_message

BEFORE_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)  # 5 Dec 22:00 there
AFTER_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)  # 6 Dec 00:30 there
DUE = date(2026, 12, 5)


@pytest.fixture
def submission(complete_portfolio, reviewers, at):
    program = complete_portfolio.planned_set.application.program
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    at(BEFORE_HONOLULU_MIDNIGHT)
    return services.portfolio_submit(
        portfolio=complete_portfolio, actor=complete_portfolio.planned_set.application.candidate
    )


def test_a_review_is_due_a_number_of_the_programs_days_after_it_is_assigned(submission):
    due = {a.due_on for a in submission.assignments.all()}
    assert due == {date(2026, 12, 5) + timedelta(days=settings.REVIEW_DAYS)}


def test_the_staff_list_calls_a_review_overdue_once_its_day_ends_in_the_program(submission, at):
    submission.assignments.update(due_on=DUE)
    at(BEFORE_HONOLULU_MIDNIGHT)  # 6 December in Chicago, still the due day in Honolulu
    assert not submission_list_for_staff(overdue=True).filter(pk=submission.pk).exists()
    at(AFTER_HONOLULU_MIDNIGHT)
    assert submission_list_for_staff(overdue=True).filter(pk=submission.pk).exists()


def test_the_daily_reminder_says_due_not_overdue_on_the_due_day_there(
    submission, at, django_capture_on_commit_callbacks
):
    """The scheduler gives the job the site's day (6 December); in Honolulu it is the due day
    still, so the reviewers are told it is due, and told it is overdue the next run."""
    submission.assignments.update(due_on=DUE)
    at(BEFORE_HONOLULU_MIDNIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders(date(2026, 12, 6)) == "2 review reminder(s) sent"
    assert set(submission.assignments.values_list("reminded", flat=True)) == {"due"}
    at(AFTER_HONOLULU_MIDNIGHT + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders(date(2026, 12, 7)) == "2 review reminder(s) sent"
    assert set(submission.assignments.values_list("reminded", flat=True)) == {"overdue"}


def test_the_submitted_message_says_by_which_of_the_programs_days(submission):
    """The "What happens next … by <day>" sentence: the program's target counted from its day
    (5 December in Honolulu), not from the site's (6 December)."""
    program = submission.portfolio.planned_set.application.program
    message = submitted_message(submission.portfolio)
    target = date(2026, 12, 5) + timedelta(days=program.target_portfolio_review_days)
    assert f"by {target:%B} {target.day}, {target.year}" in message
