"""A review given back (its reviewer's role ended, an administrator deactivated her account, or
she declared a conflict with the candidate: `ended_reviewer`, `deactivated`,
`conflicted_reviewer`) is given to the next eligible reviewer by Certify once
the release has committed: the `review.withdrawn` event, which the workflow engine publishes
after the move, delivered by the task worker (ADR 0019), reaches `handlers`, which calls this.

The same rules as staff's "Assign automatically" (`portfolios.automatic_reviewers`: an active
reviewer with expertise in the set, below capacity, no conflict, not at the candidate's library,
not the candidate, not the version's other reviewer; the least loaded first), and never the one
who gave it back. Under the version's row lock, then the pool's profiles (ADR 0007's order): two
releases of one version at once, or a release and staff's press, fill its places once. When
nobody can take it, the place stays for staff, as before: the version waits under "Waiting for
reviewers", and the staff who may choose are told (`review.conflict_declared`, which says
whether her role ended, her account was deactivated or she declared a conflict).

A version whose candidate's account is closed or deactivated is given to nobody: the closure or
the deactivation withdrew its reviews (`closed_candidate`, `deactivated`), and their
`review.withdrawn` events end here, as does a review given back by its reviewer whose event
arrives after the candidate's account closed: the version is no longer reviewed, which its staff
page says at its top, and the reviewers who had it open were told; staff are not asked to
choose anyone (opening the account again puts it back under "Waiting for reviewers")."""

import logging

from django.db import transaction
from django.urls import reverse

from certify.accounts.api import conflicted_with, user_list
from certify.accounts.models import Role, User
from certify.core.locking import row_lock
from certify.core.models import AuditEvent
from certify.core.services import audit_record
from certify.notifications.api import notify
from certify.portfolios.models import Portfolio, ReviewAssignment
from certify.portfolios.services.closed_candidate import CLOSED, candidate_closed
from certify.portfolios.services.ended_reviewer import DEACTIVATED, GIVEN_BACK
from certify.portfolios.services.review import _assign

logger = logging.getLogger(__name__)

STAFF_EVENT = "review.conflict_declared"
# The audit entry's reason when Certify gives a review given back to another reviewer.
IN_PLACE = "In place of a review given back: Certify assigned the next eligible reviewer."


def _candidate_id(assignment: ReviewAssignment) -> int:
    return assignment.submission.portfolio.planned_set.application.candidate_id


@transaction.atomic
def given_back_review_reassign(*, review_id: int) -> list[ReviewAssignment]:
    """Assign the reviewers the automatic assignment picks now for the version of the review
    given back (`review_id`, withdrawn by Certify), in its open places. Nothing when the review
    is not withdrawn, the version moved on (a verdict, a new round after an appeal) or its places
    are filled (staff chose someone, or this ran already: delivery is at least once). The
    assignment is Certify's (`automatic`, no `assigned_by`), audited with no actor, and the new
    reviewer is told as on any assignment."""
    from certify.portfolios.automatic_reviewers import NOT_ENOUGH, automatic_reviewers, pool_lock

    given_back = (
        ReviewAssignment.objects.select_related(
            "submission__portfolio__planned_set__application__program",
            "submission__portfolio__planned_set__competency_set",
        )
        .filter(pk=review_id)
        .first()
    )
    if given_back is None or given_back.status != ReviewAssignment.Status.WITHDRAWN:
        return []
    # The version, then the pool's profiles (ADR 0007's order): a second release or staff's
    # press waits here, then counts this one's assignment.
    submission = row_lock(given_back.submission)
    portfolio = submission.portfolio
    waiting = Portfolio.objects.filter(pk=portfolio.pk, status=Portfolio.Status.SUBMITTED)
    if submission.outcome or submission.review_round != given_back.round or not waiting.exists():
        return []
    if candidate_closed(submission):  # the closure withdrew it: nobody takes it over
        logger.info("Review %s given back is not reassigned: %s", review_id, CLOSED)
        return []
    locked = pool_lock(submission=submission) - {given_back.reviewer_id}
    picks = automatic_reviewers(submission=submission, among=locked)
    if not picks.places:
        return []
    created = [
        _assign(
            submission=submission,
            reviewer=c.reviewer,
            actor=None,
            round_=picks.round,
            reason=IN_PLACE,
            given_back=review_id,
        )
        for c in picks.picked
    ]
    if picks.empty:
        audit_record(
            actor=None,
            verb="portfolio.needs_reviewers",
            target=submission,
            reason=NOT_ENOUGH,
            data={"withdrawn": review_id},
        )
        # Given back for a declared conflict, her account deactivated, or else her role ended:
        # staff are told in the one notice, which says which.
        _tell_staff(given_back, reviewer_id=given_back.reviewer_id, why=_why(given_back))
    return created


def _why(given_back: ReviewAssignment) -> str:
    """Why the review came back: "conflict" (she declared one with the candidate),
    "deactivated" (an administrator deactivated her account) or "role_ended", as its withdrawal
    recorded it (the first of them that happened, not what is true by the time this runs: a
    role ended, then the account deactivated, still says the role ended)."""
    from certify.portfolios.services.conflicted_reviewer import GIVEN_BACK as CONFLICT

    recorded = (
        AuditEvent.objects.filter(
            verb="review.withdrawn",
            target_type=ReviewAssignment._meta.label_lower,
            target_id=str(given_back.pk),
        )
        .order_by("-created_at")
        .values_list("reason", flat=True)
        .first()
    )
    known = {CONFLICT: "conflict", DEACTIVATED: "deactivated", GIVEN_BACK: "role_ended"}
    if recorded in known:
        return known[recorded]
    reviewer_id = given_back.reviewer_id  # withdrawn before its reason was recorded this way
    if conflicted_with(people={_candidate_id(given_back)}, candidates={reviewer_id}):
        return "conflict"
    if User.objects.filter(pk=reviewer_id, is_active=False).exists():
        return "deactivated"
    return "role_ended"


def _tell_staff(assignment: ReviewAssignment, *, reviewer_id: int, why: str) -> None:
    """Program staff who may give the review to someone else: not the candidate, not the
    reviewer, nor anyone who declared a conflict with the candidate themselves. `why` (`_why`)
    is what the notice says gave the review back."""
    candidate_id = _candidate_id(assignment)
    staff = list(
        user_list(role=Role.PROGRAM_STAFF)
        .filter(is_active=True)
        .exclude(pk__in={candidate_id, reviewer_id})
        .order_by("id")
    )
    kept_out = conflicted_with(people={candidate_id}, candidates={p.pk for p in staff})
    submission = assignment.submission
    planned_set = submission.portfolio.planned_set
    for person in staff:
        if person.pk in kept_out:
            continue
        notify(
            recipient=person,
            event=STAFF_EVENT,
            context={
                "program": planned_set.application.program,
                "set_name": planned_set.competency_set.name,
                "version": submission.number,
                "role_ended": why == "role_ended",
                "deactivated": why == "deactivated",
            },
            link=reverse("portfolios:staff_submission", kwargs={"pk": submission.pk}),
            dedupe_key=f"{STAFF_EVENT}:{assignment.pk}:{person.pk}",
        )
