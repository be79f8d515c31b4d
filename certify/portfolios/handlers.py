"""Hooks into other apps: appeals sent back, and the daily review reminders."""

from datetime import date, timedelta

from certify.appeals.api import on_sent_back
from certify.notifications.api import daily_job, notify
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services import submission_reopen_after_appeal

DUE_SOON_DAYS = 3


@on_sent_back("portfolios.submission")
def submission_sent_back(*, subject, actor, reason: str) -> None:
    submission_reopen_after_appeal(submission=subject, actor=actor, reason=reason)


@daily_job("reviews.reminders")
def review_reminders(today: date) -> str:
    """Remind reviewers 3 days before a review is due, and once it is overdue (each once)."""
    open_reviews = ReviewAssignment.objects.filter(
        status=ReviewAssignment.Status.ASSIGNED, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).select_related(
        "reviewer",
        "submission__portfolio__planned_set__competency_set",
        "submission__portfolio__planned_set__application__program",
    )
    sent = 0
    for assignment in open_reviews:
        overdue = assignment.due_on < today
        planned = assignment.submission.portfolio.planned_set
        sent += bool(
            notify(
                recipient=assignment.reviewer,
                event="review.overdue" if overdue else "review.due",
                context={
                    "program": planned.application.program,
                    "set_name": planned.competency_set.name,
                    "due": assignment.due_on,
                },
                link=f"/review/{assignment.pk}/",
                dedupe_key=f"review:{assignment.pk}:{'overdue' if overdue else 'due'}",
            )
        )
    return f"{sent} review reminder(s) sent"
