"""A reviewer whose role ended gives back their open reviews (the `role.ended` event)."""

from django.db import transaction

from certify.accounts.models import Role, RoleAssignment
from certify.core.services import audit_record
from certify.core.workflow import System, transition
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.review import profiles_lock

GIVEN_BACK = "The reviewer's role ended: staff choose a new reviewer for this version."


@transaction.atomic
def ended_reviewer_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """Withdraw each review the person still had open once their reviewer role ended: Certify's
    `withdraw` move, as when staff replace a reviewer, so the version waits for staff to choose
    a new reviewer (the staff list's "Waiting for reviewers", the staff home's count) and
    nobody is assigned behind staff's back. Ratings and comments already given stay on the
    withdrawn review, and completed reviews stay as they are. Nothing is withdrawn when they
    hold the role again (granted back before this ran); a second run finds nothing open."""
    if RoleAssignment.objects.filter(user_id=reviewer_id, role=Role.REVIEWER).exists():
        return []
    open_reviews = list(
        ReviewAssignment.objects.select_for_update(of=("self",))
        .filter(reviewer_id=reviewer_id, status=ReviewAssignment.Status.ASSIGNED)
        .select_related("submission")
        .order_by("pk")
    )
    # Their reviews' rows, then their profile, before anything is written (ADR 0007's order: a
    # review finishing holds its row before the profiles it locks).
    profiles_lock({reviewer_id})
    actor = System(why="the reviewer's role ended")
    for assignment in open_reviews:
        transition(assignment, "withdraw", actor=actor, reason=GIVEN_BACK)
        audit_record(
            actor=None,
            verb="portfolio.needs_reviewers",
            target=assignment.submission,
            reason=GIVEN_BACK,
            data={"reviewer": reviewer_id, "withdrawn": assignment.pk},
        )
    return open_reviews
