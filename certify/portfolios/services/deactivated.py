"""An account an administrator deactivated (`accounts.api.account_deactivate`, the
`account.deactivated` event; ADR 0007): its reviews go where a closure's and a role end's go.

As a candidate, the open reviews of their versions end, as at their own closure
(`closed_candidate`): under the closure's locks (`candidate_reviewers_lock`: the open reviews,
the versions, the portfolios, the profiles), withdrawn, audited `portfolio.review_ended`, each
reviewer told; nobody takes them over, and nothing else is assigned while the account stays
inactive. As a reviewer, the reviews they had open go back, as at the end of their reviewer role
(`ended_reviewer`): their reviews' rows, then their profile, then withdrawn, audited
`portfolio.needs_reviewers`; each goes to the next eligible reviewer (`given_back`), and when
nobody may take it the staff who may choose are told that the reviewer's account was
deactivated. Each runs in its own transaction, in ADR 0007's order, and does nothing once the
account is active again (opened before the event was delivered) or when nothing is open (the
event delivered twice)."""

from django.db import transaction

from certify.accounts.models import User
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.closed_candidate import closed_candidate_reviews_withdraw
from certify.portfolios.services.ended_reviewer import (
    DEACTIVATED as GIVEN_BACK,
)
from certify.portfolios.services.ended_reviewer import (
    give_back_words,
    open_reviews_lock,
    reviews_give_back,
)
from certify.portfolios.services.person_locks import candidate_reviewers_lock

__all__ = [
    "GIVEN_BACK",
    "deactivated_candidate_reviews_withdraw",
    "deactivated_reviewer_reviews_withdraw",
]


def _inactive(user_id: int) -> bool:
    return User.objects.filter(pk=user_id, is_active=False).exists()


@transaction.atomic
def deactivated_candidate_reviews_withdraw(*, candidate_id: int) -> list[ReviewAssignment]:
    """The open reviews of the deactivated candidate's versions, ended as at a closure."""
    candidate_reviewers_lock(candidate_id)
    if not _inactive(candidate_id):
        return []
    return closed_candidate_reviews_withdraw(candidate_id=candidate_id, deactivated=True)


@transaction.atomic
def deactivated_reviewer_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """The reviews the deactivated reviewer had open, given back as at a role's end (with the
    role's end's words when her reviewer role ended before the deactivation)."""
    if not _inactive(reviewer_id):
        return []
    open_reviews = open_reviews_lock(reviewer_id, "submission")
    why, reason = give_back_words(reviewer_id)
    reviews_give_back(open_reviews, reviewer_id=reviewer_id, why=why, reason=reason)
    return open_reviews
