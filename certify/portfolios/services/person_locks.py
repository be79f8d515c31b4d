"""A candidate's name changed, or their account closed: the rows locked first (ADR 0007).

Both write their reviewers' data versions (ADR 0071): the name is in the reviewers' queues, and
the closure blanks the snapshot of each submitted version. The other writers of those versions
(a review finishing, an assignment, an appeal sent back) take the version, then the portfolio,
then the reviewers' profiles by id, before they write; this takes the same rows in the same
order, so the two meet at a row and one waits, rather than each holding a reviewer's version
the other wants next. Accounts calls it (`accounts.api.person_lock`) before its first write.
"""

from django.db.models import QuerySet

from certify.accounts.api import person_lock
from certify.portfolios.models import Portfolio, ReviewAssignment, Submission
from certify.portfolios.services.review import profiles_lock


def _portfolios_of(candidate_id: int) -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(planned_set__application__candidate_id=candidate_id)


@person_lock
def candidate_reviewers_lock(candidate_id: int) -> None:
    """The candidate's versions (by id), their portfolios (by id), then the profiles of everyone
    who ever had an assignment on one of those versions (by id, in one statement). A subquery
    names the rows, so nothing joined with them is locked (`tests/row_locks.py`)."""
    portfolios = _portfolios_of(candidate_id).values("pk")
    versions = list(
        Submission.objects.select_for_update(of=("self",))
        .filter(portfolio_id__in=portfolios)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not versions:
        return  # no version: no reviewer's data shows this candidate
    list(
        Portfolio.objects.select_for_update(of=("self",))
        .filter(pk__in=portfolios)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    profiles_lock(
        set(
            ReviewAssignment.objects.filter(submission_id__in=versions).values_list(
                "reviewer_id", flat=True
            )
        )
    )
