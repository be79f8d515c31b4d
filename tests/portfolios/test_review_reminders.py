"""The daily review reminders go out once (due soon, then overdue), and read only the
assignments a reminder is due for."""

from datetime import timedelta

from django.core import mail

from certify.portfolios import services
from tests.portfolios.conftest import owner


def test_review_reminders_go_out_once(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    from certify.portfolios.handlers import review_reminders

    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    due = submission.assignments.first().due_on
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders(due - timedelta(days=3)) == "2 review reminder(s) sent"
        assert review_reminders(due - timedelta(days=2)) == "0 review reminder(s) sent"
        assert review_reminders(due + timedelta(days=1)) == "2 review reminder(s) sent"
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("A portfolio review is overdue") == 2
    assert set(submission.assignments.values_list("reminded", flat=True)) == {"overdue"}


def test_review_reminders_read_only_the_assignments_a_reminder_is_due_for(
    complete_portfolio, reviewers, django_assert_num_queries
):
    # Overdue reviews already told so are not read again, however many there are: a day with
    # nothing due is one query, after one for the programs' time zones (ADR 0036).
    from certify.portfolios.handlers import review_reminders

    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    due = submission.assignments.first().due_on
    submission.assignments.update(reminded="overdue")
    with django_assert_num_queries(2):
        assert review_reminders(due + timedelta(days=30)) == "0 review reminder(s) sent"
    # One told only "due soon" is still told once it is overdue.
    first = submission.assignments.first()
    submission.assignments.filter(pk=first.pk).update(reminded="due")
    assert review_reminders(due + timedelta(days=30)) == "1 review reminder(s) sent"
    first.refresh_from_db()
    assert first.reminded == "overdue"
