"""A reviewer whose role ended gives back their open reviews (the `role.ended` event)."""

from django.db import transaction

from certify.accounts.models import Role, RoleAssignment
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.review import profiles_lock
from certify.portfolios.services.withdrawals import reviews_withdraw

GIVEN_BACK = (
    "The reviewer's role ended: Certify gives the review to the next eligible reviewer, or staff "
    "choose one when nobody can take it."
)


@transaction.atomic
def ended_reviewer_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """Withdraw each review the person still had open once their reviewer role ended: Certify's
    `withdraw` move, as when staff replace a reviewer. Once this commits, Certify gives each
    review to the next eligible reviewer (`given_back`); when nobody can take one, its version
    waits for staff to choose (the staff list's "Waiting for reviewers", the staff home's
    count). Ratings and comments already given stay on the withdrawn review, and completed
    reviews stay as they are. Nothing is withdrawn when they
    hold the role again (granted back before this ran); a second run finds nothing open."""
    if RoleAssignment.objects.filter(user_id=reviewer_id, role=Role.REVIEWER).exists():
        return []
    open_reviews = open_reviews_lock(reviewer_id, "submission")
    reviews_give_back(
        open_reviews, reviewer_id=reviewer_id, why="the reviewer's role ended", reason=GIVEN_BACK
    )
    return open_reviews


def open_reviews_lock(reviewer_id: int, *related: str) -> list[ReviewAssignment]:
    """The reviewer's open reviews, their rows locked (by id), then her profile, even with none
    open, then any review made meanwhile (ADR 0007's order). Staff giving her a review at this
    moment hold her profile from before they read her role and declarations (which cannot show
    them this change yet) until they commit: once the profile is ours, that review is read too,
    and given back with the others, so she never keeps one she may not do."""

    def still_open(besides: set[int]) -> list[ReviewAssignment]:
        return list(
            ReviewAssignment.objects.select_for_update(of=("self",))
            .filter(reviewer_id=reviewer_id, status=ReviewAssignment.Status.ASSIGNED)
            .exclude(pk__in=besides)
            .select_related(*related)
            .order_by("pk")
        )

    open_reviews = still_open(set())
    profiles_lock({reviewer_id})
    return open_reviews + still_open({a.pk for a in open_reviews})


def reviews_give_back(
    assignments: list[ReviewAssignment],
    *,
    reviewer_id: int,
    why: str,
    reason: str,
    **data: object,
) -> None:
    """Withdraw the reviewer's open reviews (their rows locked by the caller), each audited as
    needing a reviewer (`reason`: Certify assigns the next eligible one after commit). Their
    profile is locked first: the reviews' rows, then the profile, before anything is written
    (ADR 0007's order: a review finishing holds its row before the profiles it locks)."""
    profiles_lock({reviewer_id})
    reviews_withdraw(assignments, why=why, verb="portfolio.needs_reviewers", reason=reason, **data)
