"""A reviewer who declares a conflict of interest with the candidate of a review she still has
open gives it back at once (ADR 0022): accounts runs this inside the declaration's transaction
(`accounts.api.on_conflict_declared`)."""

from typing import Any

from django.db import transaction

from certify.accounts.api import conflicted_with, on_conflict_declared
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.ended_reviewer import open_reviews_lock, reviews_give_back
from certify.portfolios.services.given_back import STAFF_EVENT

GIVEN_BACK = (
    "The reviewer declared a conflict of interest with the candidate: Certify gives the review "
    "to the next eligible reviewer, or staff choose one when nobody can take it."
)
__all__ = ["GIVEN_BACK", "STAFF_EVENT", "conflicted_reviews_withdraw"]


def _candidate_id(assignment: ReviewAssignment) -> int:
    return assignment.submission.portfolio.planned_set.application.candidate_id


@on_conflict_declared
def conflicted_reviews_on_declaration(declaration: Any) -> None:
    conflicted_reviews_withdraw(reviewer_id=declaration.declared_by_id)


@transaction.atomic
def conflicted_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """Withdraw each review the reviewer still has open of a candidate she now declared a conflict
    with (the person, or a library where they work or worked): Certify's `withdraw` move, as when
    her role ends; the review leaves her queue (no reminder, never overdue) and its pages close
    to her. Her draft ratings stay on the withdrawn review, which no verdict reads. Once this
    commits, Certify gives the review to the next eligible reviewer (`given_back`); when nobody
    can take it, the version waits for staff under "Waiting for reviewers" and the staff who may
    act on it are told. She is never offered for it again (`reviewer_refusals`). A review she
    finished stays as it is. Her open reviews' rows are locked (by id), then her profile, before
    anything is written (ADR 0007's order); one submitting at once either finishes first (then
    nothing is withdrawn) or waits and is refused (the review is withdrawn). A review staff give
    her at this moment is waited for at her profile and given back as well."""
    open_reviews = open_reviews_lock(
        reviewer_id,
        "submission__portfolio__planned_set__application__program",
        "submission__portfolio__planned_set__competency_set",
    )
    candidates = {_candidate_id(a) for a in open_reviews}
    conflicted = {c for c in candidates if conflicted_with(people={c}, candidates={reviewer_id})}
    given_back = [a for a in open_reviews if _candidate_id(a) in conflicted]
    if not given_back:
        return []
    reviews_give_back(
        given_back,
        reviewer_id=reviewer_id,
        why="the reviewer declared a conflict of interest",
        reason=GIVEN_BACK,
        conflict=True,
    )
    return given_back
