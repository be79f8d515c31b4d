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
from certify.core.services import audit_record
from certify.core.workflow import System, transition
from certify.notifications.api import notify
from certify.portfolios.models import ReviewAssignment, Submission

# Staff's refusal, and the reason each reviewer is passed by in their lists.
CLOSED = (
    "The candidate closed their account: this portfolio is no longer reviewed, so no reviewer "
    "can be assigned to it."
)
# The withdrawn review's reason in its history and the audit trail.
ENDED = "The candidate closed their account: the review ended, and nobody takes it over."
REVIEWER_EVENT = "review.ended"


def candidate_closed(submission: Submission) -> bool:
    """Whether the version's candidate closed their account, read from the database (not from
    the objects passed): a caller that waited at the version's lock for the closure sees it."""
    candidate_id = submission.portfolio.planned_set.application.candidate_id
    return User.objects.filter(pk=candidate_id, is_active=False).exists()


@transaction.atomic
def closed_candidate_reviews_withdraw(*, candidate_id: int) -> list[ReviewAssignment]:
    """Withdraw every open review of the candidate's versions, audited with the reason, and tell
    each reviewer that the review ended (the set's name only). Called by the closure, whose
    person lock (`candidate_reviewers_lock`) already holds these reviews, the versions, the
    portfolios and the reviewers' profiles: nothing is locked here out of ADR 0007's order.
    Ratings given so far stay on the withdrawn review; completed reviews and decided versions
    stay as they are. Certify assigns nobody in their place (`given_back` refuses the version)."""
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
    actor = System(why="the candidate closed their account")
    for assignment in open_reviews:
        transition(assignment, "withdraw", actor=actor, reason=ENDED)
        audit_record(
            actor=None,
            verb="portfolio.review_ended",
            target=assignment.submission,
            reason=ENDED,
            data={"reviewer": assignment.reviewer_id, "withdrawn": assignment.pk},
        )
        planned_set = assignment.submission.portfolio.planned_set
        notify(
            recipient=assignment.reviewer,
            event=REVIEWER_EVENT,
            context={
                "program": planned_set.application.program,
                "set_name": planned_set.competency_set.name,
            },
            link="/review/",
            dedupe_key=f"{REVIEWER_EVENT}:{assignment.pk}",
        )
    return open_reviews
