"""A candidate's name changed, or their account closed: the rows locked first (ADR 0007).

The closure also withdraws the open reviews of the candidate's versions
(`closed_candidate.closed_candidate_reviews_withdraw`): their rows are taken first of all, as
every writer of a review's row takes it before the version.

Both write their reviewers' data versions (ADR 0071): the name is in the reviewers' queues, and
the closure blanks the snapshot of each submitted version. The other writers of those versions
(a review finishing, an assignment, an appeal sent back) take the version, then the portfolio,
then the reviewers' profiles by id, before they write; this takes the same rows in the same
order, so the two meet at a row and one waits, rather than each holding a reviewer's version
the other wants next. Accounts calls it (`accounts.api.person_lock`) before its first write.
"""

from django.db import transaction
from django.db.models import QuerySet

from certify.accounts.api import person_lock
from certify.core.errors import DomainError
from certify.portfolios.models import Portfolio, ReviewAssignment, Submission
from certify.portfolios.services.review import profiles_lock


def _portfolios_of(candidate_id: int) -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(planned_set__application__candidate_id=candidate_id)


# A new version appears only under its portfolio's lock (`portfolio_submit` takes it first): how
# many times the versions are read again before the closure or the name change gives up.
ATTEMPTS = 5


class _VersionsMovedError(Exception):
    """A version was made between the versions' lock and the portfolios', or a review given
    between the reviews' lock and the versions': start again."""


def _open_reviews_lock(portfolios: QuerySet[Portfolio]) -> list[int]:
    """The open reviews of the candidate's versions (by id): the closure withdraws them, and a
    review's row comes first in ADR 0007's order (a review finishing holds it, then the
    version)."""
    return list(
        ReviewAssignment.objects.select_for_update(of=("self",))
        .filter(
            submission_id__in=Submission.objects.filter(
                portfolio_id__in=portfolios.values("pk")
            ).values("pk"),
            status=ReviewAssignment.Status.ASSIGNED,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _versions_lock(portfolios: QuerySet[Portfolio]) -> list[int]:
    return list(
        Submission.objects.select_for_update(of=("self",))
        .filter(portfolio_id__in=portfolios.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _portfolios_lock(portfolios: QuerySet[Portfolio]) -> None:
    list(
        Portfolio.objects.select_for_update(of=("self",))
        .filter(pk__in=portfolios.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _lock_once(candidate_id: int) -> None:
    portfolios = _portfolios_of(candidate_id)
    open_reviews = _open_reviews_lock(portfolios)
    versions = _versions_lock(portfolios)
    # Locked even without a version: the candidate's first submission, made meanwhile, waits.
    _portfolios_lock(portfolios)
    # Under the portfolios' locks no version can be made: the versions read again are all there
    # are until this transaction ends. One made between the two locks was given its reviewers
    # (committed, its row unlocked here): taking it now would take a version after a portfolio,
    # against ADR 0007's order, so the locks taken are let go and taken again from the start.
    again = Submission.objects.filter(portfolio_id__in=portfolios.values("pk"))
    if set(again.values_list("pk", flat=True)) != set(versions):
        raise _VersionsMovedError
    # Under the versions' locks no review can be given: one given between the reviews' lock and
    # the versions' (staff held the version, then committed) would be taken after a version,
    # out of the order, so the locks are taken again from the start, that review among them.
    still_open = ReviewAssignment.objects.filter(
        submission_id__in=versions, status=ReviewAssignment.Status.ASSIGNED
    )
    if not set(still_open.values_list("pk", flat=True)) <= set(open_reviews):
        raise _VersionsMovedError
    if not versions:
        return  # no version: no reviewer's data shows this candidate
    # Read under the versions' locks: an assignment to one of them waits for this transaction.
    profiles_lock(
        set(
            ReviewAssignment.objects.filter(submission_id__in=versions).values_list(
                "reviewer_id", flat=True
            )
        )
    )


@person_lock
def candidate_reviewers_lock(candidate_id: int) -> None:
    """The open reviews of the candidate's versions (by id; the closure withdraws them), the
    versions (by id), their portfolios (by id), then the profiles of everyone who ever had an
    assignment on one of those versions (by id, in one statement). A subquery
    names the rows, so nothing joined with them is locked (`tests/row_locks.py`).

    A version made between the versions' lock and the portfolios' (the candidate submitting in
    another tab; its reviewers assigned and committed) is found by reading the versions again
    under the portfolios' locks. Each try runs in a savepoint: when the versions moved, the
    savepoint is rolled back, which lets go of the locks it took (PostgreSQL), and the three
    are taken again in order, the new version among them, so its reviewers' profiles are locked
    before the closure blanks it, as every other writer of their data versions does."""
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                _lock_once(candidate_id)
        except _VersionsMovedError:
            continue
        return
    raise DomainError(
        "Your portfolios changed while this was being saved (a version was submitted or a "
        "reviewer assigned): try again."
    )
