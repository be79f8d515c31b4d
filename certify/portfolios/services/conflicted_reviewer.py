"""A reviewer who declares a conflict of interest with the candidate of a review she still has
open gives it back at once (ADR 0022): accounts runs this inside the declaration's transaction
(`accounts.api.on_conflict_declared`)."""

from typing import Any

from django.db import transaction
from django.urls import reverse

from certify.accounts.api import conflicted_with, on_conflict_declared, user_list
from certify.accounts.models import Role
from certify.notifications.api import notify
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.ended_reviewer import reviews_give_back
from certify.portfolios.services.review import profiles_lock

GIVEN_BACK = (
    "The reviewer declared a conflict of interest with the candidate: staff choose a new "
    "reviewer for this version."
)
STAFF_EVENT = "review.conflict_declared"


def _candidate_id(assignment: ReviewAssignment) -> int:
    return assignment.submission.portfolio.planned_set.application.candidate_id


@on_conflict_declared
def conflicted_reviews_on_declaration(declaration: Any) -> None:
    conflicted_reviews_withdraw(reviewer_id=declaration.declared_by_id)


@transaction.atomic
def conflicted_reviews_withdraw(*, reviewer_id: int) -> list[ReviewAssignment]:
    """Withdraw each review the reviewer still has open of a candidate she now declared a conflict
    with (the person, or a library where they work or worked): Certify's `withdraw` move, as when
    her role ends, so the version waits for staff under "Waiting for reviewers", leaves her
    queue (no reminder, never overdue) and closes its pages to her. Her draft ratings stay on the
    withdrawn review, which no verdict reads. Staff who may act on it are told; nobody is assigned
    behind their back, and she is never offered for it again (`reviewer_refusals`). A review she
    finished stays as it is. Her open reviews' rows are locked (by id), then her profile, before
    anything is written (ADR 0007's order); one submitting at once either finishes first (then
    nothing is withdrawn) or waits and is refused (the review is withdrawn). A review staff give
    her at this moment is waited for at her profile and given back as well."""
    open_reviews = _open_reviews_locked(reviewer_id, besides=set())
    # Her profile next, even with nothing open: staff giving her a review at this moment hold it
    # from before they read the declarations (which cannot show them this one yet) until they
    # commit. Once it is ours, a review they made meanwhile is read and given back too.
    profiles_lock({reviewer_id})
    open_reviews += _open_reviews_locked(reviewer_id, besides={a.pk for a in open_reviews})
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
    for assignment in given_back:
        _tell_staff(assignment, reviewer_id=reviewer_id)
    return given_back


def _open_reviews_locked(reviewer_id: int, *, besides: set[int]) -> list[ReviewAssignment]:
    return list(
        ReviewAssignment.objects.select_for_update(of=("self",))
        .filter(reviewer_id=reviewer_id, status=ReviewAssignment.Status.ASSIGNED)
        .exclude(pk__in=besides)
        .select_related(
            "submission__portfolio__planned_set__application__program",
            "submission__portfolio__planned_set__competency_set",
        )
        .order_by("pk")
    )


def _tell_staff(assignment: ReviewAssignment, *, reviewer_id: int) -> None:
    """Program staff who may give the review to someone else: not the candidate, not the
    reviewer, nor anyone who declared a conflict with the candidate themselves."""
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
            },
            link=reverse("portfolios:staff_submission", kwargs={"pk": submission.pk}),
            dedupe_key=f"{STAFF_EVENT}:{assignment.pk}:{person.pk}",
        )
