"""What a reviewer's account page shows: their open reviews with due dates, the overdue ones said
in words, and their figures; the whole list (completed ones too) is on their reviews page."""

from collections.abc import Sequence

from django.utils import timezone

from certify.accounts.api import home_part
from certify.accounts.models import Role, User
from certify.portfolios import selectors
from certify.portfolios.models import ReviewAssignment

SHOWN = 10  # the first open reviews by due date; the reviews page has the rest


@home_part
def reviewer_reviews(user: User, roles: Sequence[str]) -> dict[str, object]:
    if Role.REVIEWER not in roles:
        return {}
    today = timezone.localdate()
    rows = selectors.reviewer_queue_rows(reviewer=user).filter(
        status=ReviewAssignment.Status.ASSIGNED
    )
    return {
        "reviewer_home": {
            "open": list(rows[:SHOWN]),
            "turnaround": selectors.reviewer_turnaround(reviewer=user, today=today),
            "today": today,
        }
    }
