"""A candidate who closes their account stops the review of their portfolios (ADR 0007, 0016).

The closure (`accounts.privacy.account_close`, through portfolios' privacy part) withdraws every
open review of the candidate's versions by Certify's `withdraw` move and tells each reviewer in
plain words, naming the set and nothing of the candidate. Its rows were locked first, in ADR
0007's order (`person_locks.candidate_reviewers_lock`: the open reviews, the versions, the
portfolios, the reviewers' profiles). From then on nobody may be given one of those versions:
staff's hand assignment (`reviewer_refusals`), their "Assign automatically", the automatic
assignment and the review given back (`given_back`) all refuse it, each reading the candidate's
account from the database under the version's lock, so one waiting for the closure's locks sees
it closed once it commits.
"""

from django.db import transaction

from certify.accounts.models import User
from certify.notifications.api import notify
from certify.portfolios.models import ReviewAssignment, Submission
from certify.portfolios.services.withdrawals import reviews_withdraw

# Staff's refusal, and the reason each reviewer is passed by in their lists: the candidate
# closed the account, or an administrator deactivated it (the admin's "close" too).
CLOSED = (
    "The candidate's account is closed: this portfolio is no longer reviewed, so no reviewer "
    "can be assigned to it."
)
# An appeal reviewer sending a closed account's verdict back is refused (before anything is
# written): nobody could be assigned, and the version would wait for nobody. The closure ends
# the appeal itself; this is met only before a deactivation's event ends it (`appeals.ended`).
SENT_BACK_CLOSED = (
    "The candidate's account is closed: their portfolio is no longer reviewed, so its verdict "
    "cannot be sent back for another review (nobody would be assigned). Certify ends the "
    "appeals of a closed account, this one shortly: it needs no decision."
)
# The withdrawn review's reason in its history and the audit trail.
ENDED = "The candidate closed their account: the review ended, and nobody takes it over."
# The same when an administrator deactivated the account (`deactivated`).
ENDED_DEACTIVATED = (
    "An administrator deactivated the candidate's account: the review ended, and nobody takes "
    "it over."
)
REVIEWER_EVENT = "review.ended"


def candidate_closed(submission: Submission) -> bool:
    """Whether the version's candidate closed their account, read from the database (not from
    the objects passed): a caller that waited at the version's lock for the closure sees it."""
    candidate_id = submission.portfolio.planned_set.application.candidate_id
    return User.objects.filter(pk=candidate_id, is_active=False).exists()


@transaction.atomic
def closed_candidate_reviews_withdraw(
    *, candidate_id: int, deactivated: bool = False
) -> list[ReviewAssignment]:
    """Withdraw every open review of the candidate's versions, audited with the reason, and tell
    each reviewer that the review ended (the set's name only). Called by the closure, whose
    person lock (`candidate_reviewers_lock`) already holds these reviews, the versions, the
    portfolios and the reviewers' profiles: nothing is locked here out of ADR 0007's order.
    Ratings given so far stay on the withdrawn review; completed reviews and decided versions
    stay as they are. Certify assigns nobody in their place (`given_back` refuses the version).
    `deactivated`: an administrator deactivated the account (`deactivated.py`, under the same
    locks), which the reason and the reviewer's notice say instead of a closure."""
    open_reviews = list(
        ReviewAssignment.objects.filter(
            submission__portfolio__planned_set__application__candidate_id=candidate_id,
            status=ReviewAssignment.Status.ASSIGNED,
        )
        .select_related(
            "reviewer",
            "submission__portfolio__planned_set__competency_set",
            "submission__portfolio__planned_set__application__program",
        )
        .order_by("pk")
    )
    why = (
        "an administrator deactivated the candidate's account"
        if deactivated
        else "the candidate closed their account"
    )
    reason = ENDED_DEACTIVATED if deactivated else ENDED
    reviews_withdraw(open_reviews, why=why, verb="portfolio.review_ended", reason=reason)
    for assignment in open_reviews:
        planned_set = assignment.submission.portfolio.planned_set
        notify(
            recipient=assignment.reviewer,
            event=REVIEWER_EVENT,
            context={
                "program": planned_set.application.program,
                "set_name": planned_set.competency_set.name,
                "deactivated": deactivated,
            },
            link="/review/",
            dedupe_key=f"{REVIEWER_EVENT}:{assignment.pk}",
        )
    return open_reviews
