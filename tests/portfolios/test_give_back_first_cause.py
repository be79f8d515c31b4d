"""A reviewer whose role ended and whose account was deactivated too gives her open reviews back
for the reason that happened first, whichever event is delivered first: recorded on the
withdrawal and its audit rows, and told to staff when nobody may take the review (ADR 0007)."""

import pytest

from certify.accounts.models import Role
from certify.accounts.services import account_deactivate, role_revoke
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.services.deactivated import deactivated_reviewer_reviews_withdraw
from certify.portfolios.services.ended_reviewer import (
    DEACTIVATED,
    GIVEN_BACK,
    ended_reviewer_reviews_withdraw,
    give_back_cause,
)
from certify.portfolios.services.given_back import STAFF_EVENT
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

ROLE_TITLE = "A review needs another reviewer: its reviewer's role ended"
DEACTIVATED_TITLE = "A review needs another reviewer: its reviewer's account was deactivated"


@pytest.fixture
def nobody_spare():
    """The spare reviewer takes no reviews: a review given back goes to staff, who are told."""
    ReviewerProfile.objects.filter(user__full_name="Rosa Rater").update(active=False)


def _withdrawn_reason(assignment: ReviewAssignment) -> str:
    row = AuditEvent.objects.get(verb="review.withdrawn", target_id=str(assignment.pk))
    return row.reason


@pytest.mark.parametrize("delivered_first", ["deactivation", "role_end"])
def test_a_role_that_ended_before_the_deactivation_is_the_reason_given(
    submitted,  # noqa: F811
    staff,
    nobody_spare,
    django_capture_on_commit_callbacks,
    delivered_first,
):
    leaving = submitted.assignments.order_by("pk").first()
    reviewer = leaving.reviewer
    # Both committed before either event is delivered (their events left undelivered here).
    role_revoke(user=reviewer, role=Role.REVIEWER, actor=staff, reason="Moved away")
    account_deactivate(user=reviewer, actor=staff)
    assert give_back_cause(reviewer.pk) == "role_ended"

    with django_capture_on_commit_callbacks(execute=True):  # its review.withdrawn delivered
        if delivered_first == "deactivation":
            deactivated_reviewer_reviews_withdraw(reviewer_id=reviewer.pk)
        else:
            ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk)
    assert not ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk)  # nothing twice
    assert not deactivated_reviewer_reviews_withdraw(reviewer_id=reviewer.pk)

    leaving.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert _withdrawn_reason(leaving) == GIVEN_BACK
    given = AuditEvent.objects.filter(verb="portfolio.needs_reviewers").order_by("pk").first()
    assert given.reason == GIVEN_BACK
    titles = set(Notification.objects.filter(event=STAFF_EVENT).values_list("title", flat=True))
    assert titles == {ROLE_TITLE}


def test_a_deactivation_before_the_role_ended_is_the_reason_given(
    submitted,  # noqa: F811
    staff,
    nobody_spare,
    django_capture_on_commit_callbacks,
):
    leaving = submitted.assignments.order_by("pk").first()
    reviewer = leaving.reviewer
    account_deactivate(user=reviewer, actor=staff)
    role_revoke(user=reviewer, role=Role.REVIEWER, actor=staff, reason="Left")
    assert give_back_cause(reviewer.pk) == "deactivated"

    with django_capture_on_commit_callbacks(execute=True):  # the role's end delivered first
        ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk)

    leaving.refresh_from_db()
    assert _withdrawn_reason(leaving) == DEACTIVATED
    titles = set(Notification.objects.filter(event=STAFF_EVENT).values_list("title", flat=True))
    assert titles == {DEACTIVATED_TITLE}


def test_a_role_that_ended_alone_and_an_account_deactivated_alone_keep_their_words(
    submitted,  # noqa: F811
    staff,
):
    first, second = (a.reviewer for a in submitted.assignments.order_by("pk"))
    role_revoke(user=first, role=Role.REVIEWER, actor=staff, reason="Moved away")
    account_deactivate(user=second, actor=staff)
    assert give_back_cause(first.pk) == "role_ended"
    assert give_back_cause(second.pk) == "deactivated"
