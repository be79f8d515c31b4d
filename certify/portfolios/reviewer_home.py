"""What a reviewer's account page shows: their open reviews with due dates, the overdue ones said
in words (by each program's day, ADR 0036), and their figures; the whole list (completed ones
too) is on their reviews page."""

from collections.abc import Sequence
from typing import Any

from certify.accounts.api import home_part
from certify.accounts.models import Role, User
from certify.portfolios import selectors
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.review_days import review_days

SHOWN = 10  # the first open reviews by due date; the reviews page has the rest


@home_part
def reviewer_reviews(user: User, roles: Sequence[str]) -> dict[str, object]:
    if Role.REVIEWER not in roles:
        return {}
    days = review_days(user)  # each program's today (ADR 0036)
    rows = selectors.reviewer_queue_rows(reviewer=user).filter(
        status=ReviewAssignment.Status.ASSIGNED
    )
    shown: list[Any] = list(rows[:SHOWN])  # with the annotations `reviewer_queue_rows` adds
    for row in shown:  # the template says "overdue" or "due today" by the program's day
        today = days.of(row.program_id)
        row.overdue, row.due_today = row.due_on < today, row.due_on == today
    return {
        "reviewer_home": {
            "open": shown,
            "turnaround": selectors.reviewer_turnaround(reviewer=user, days=days),
        }
    }
