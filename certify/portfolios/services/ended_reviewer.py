"""A reviewer whose role ended gives back their open reviews (the `role.ended` event).

When her role ended and her account was deactivated too, the reason recorded is the one that
happened first (`give_back_cause`), whichever event is delivered first: the role's end
(`EndedRole.ended_at`) or the deactivation (its audit row `account.deactivated`)."""

from datetime import datetime

from django.db import transaction

from certify.accounts.api import roles_ended_at
from certify.accounts.models import Role, RoleAssignment, User
from certify.core.models import AuditEvent
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.review import profiles_lock
from certify.portfolios.services.withdrawals import reviews_withdraw

GIVEN_BACK = (
    "The reviewer's role ended: Certify gives the review to the next eligible reviewer, or staff "
    "choose one when nobody can take it."
)
# The same when an administrator deactivated the reviewer's account first (`deactivated.py`).
DEACTIVATED = (
    "An administrator deactivated the reviewer's account: Certify gives the review to the next "
    "eligible reviewer, or staff choose one when nobody can take it."
)
ROLE_ENDED_WHY = "the reviewer's role ended"
DEACTIVATED_WHY = "an administrator deactivated the reviewer's account"


def give_back_cause(reviewer_id: int) -> str:
    """Why the reviewer's open reviews go back: "deactivated" (an administrator deactivated her
    account) or "role_ended" (her reviewer role ended); when both happened, the first of them
    (a deactivation without its audit row counts as the later)."""
    ended: datetime | None = None
    if not RoleAssignment.objects.filter(user_id=reviewer_id, role=Role.REVIEWER).exists():
        ended = roles_ended_at(users=[reviewer_id], role=Role.REVIEWER).get(reviewer_id)
    if not User.objects.filter(pk=reviewer_id, is_active=False).exists():
        return "role_ended"
    deactivated = (
        AuditEvent.objects.filter(
            verb="account.deactivated", target_type="accounts.user", target_id=str(reviewer_id)
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if ended is not None and (deactivated is None or ended <= deactivated):
        return "role_ended"
    return "deactivated"


def give_back_words(reviewer_id: int) -> tuple[str, str]:
    """The withdrawal's `why` (its history) and `reason` (its audit rows), of the first cause."""
    if give_back_cause(reviewer_id) == "deactivated":
        return DEACTIVATED_WHY, DEACTIVATED
    return ROLE_ENDED_WHY, GIVEN_BACK


@transaction.atomic
def ended_reviewer_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """Withdraw each review the person still had open once their reviewer role ended: Certify's
    `withdraw` move, as when staff replace a reviewer. Once this commits, Certify gives each
    review to the next eligible reviewer (`given_back`); when nobody can take one, its version
    waits for staff to choose (the staff list's "Waiting for reviewers", the staff home's
    count). Ratings and comments already given stay on the withdrawn review, and completed
    reviews stay as they are. Nothing is withdrawn when they
    hold the role again (granted back before this ran); a second run finds nothing open. Her
    account deactivated before her role ended, the deactivation's words are recorded."""
    if RoleAssignment.objects.filter(user_id=reviewer_id, role=Role.REVIEWER).exists():
        return []
    open_reviews = open_reviews_lock(reviewer_id, "submission")
    why, reason = give_back_words(reviewer_id)
    reviews_give_back(open_reviews, reviewer_id=reviewer_id, why=why, reason=reason)
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
