"""What a reviewer may see of a candidate's portfolio, and for how long (ADR 0026).

A reviewer sees a portfolio only through an assignment that is *live*:

- its status is "assigned" (the review is open), or
- its status is "completed" and the verdict it takes part in is not in yet: the submission has no
  outcome and the assignment is of its current round (an appeal that sends a final "not met"
  back clears the outcome and opens a new round, `Submission.review_round`: the reviewers of the
  appealed verdict gain nothing from it, only the new round's reviewers are live, and a round
  nobody could be found for yet leaves nobody live).

A withdrawn assignment is never live. Through a live assignment the reviewer sees the version it
is for, its `Submission.snapshot`: the evidence items listed there and nothing added later (a
resubmission's new evidence, evidence added after a send-back). The portfolio's own pages show
its current state, so a reviewer reaches them only while that state *is* the assigned version:
the portfolio is submitted and the assignment's submission is its latest.

Once no assignment is live, the reviewer keeps their own review (ratings, comments, verdict) on
their assess page and in the API, without the candidate's answers or evidence. Program staff and
the candidate are not concerned: they see the portfolio as before (`rules.py`), but for staff
who declared a conflict of interest with the candidate: they are refused the portfolio's pages,
its staff page, its files and its appeal, with the reason (`conflict_refusal`).
"""

from typing import Any

from django.db.models import F, Q, QuerySet

from certify.accounts.api import conflict_pairs, conflicted_with
from certify.portfolios.models import EvidenceItem, Portfolio, ReviewAssignment

ASSIGNED = ReviewAssignment.Status.ASSIGNED
COMPLETED = ReviewAssignment.Status.COMPLETED

# Live, in SQL: open, or completed in the submission's current round while no verdict stands
# (an appeal sent back opens a new round: `Submission.review_round`).
_LIVE = Q(status=ASSIGNED) | Q(
    status=COMPLETED, submission__outcome="", round=F("submission__review_round")
)


def is_live(assignment: ReviewAssignment) -> bool:
    """Whether the reviewer sees the candidate's work through this assignment (above)."""
    if assignment.status == ASSIGNED:
        return True
    submission = assignment.submission
    return (
        assignment.status == COMPLETED
        and not submission.outcome
        and assignment.round == submission.review_round
    )


def _live(user: Any) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(_LIVE, reviewer_id=user.pk).select_related("submission")


def live_assignments(user: Any, *, portfolio: Portfolio | int) -> list[ReviewAssignment]:
    """The user's live assignments on any version of the portfolio (one query)."""
    if not user.is_authenticated:
        return []
    return list(_live(user).filter(submission__portfolio=portfolio))


def sees_portfolio(user: Any, portfolio: Portfolio | None) -> bool:
    """Whether a reviewer reaches the portfolio's own pages: through a live assignment on the
    version under review, while the portfolio is that version (submitted, not editable)."""
    if portfolio is None or not user.is_authenticated:
        return False
    return (
        _live(user)
        .filter(
            submission__portfolio=portfolio,
            submission__portfolio__status=Portfolio.Status.SUBMITTED,
            # A portfolio is submitted as version `attempt`: the latest one while it is submitted.
            submission__number=F("submission__portfolio__attempt"),
        )
        .exists()
    )


def snapshot_evidence_ids(snapshot: dict[str, Any]) -> set[int]:
    """The evidence items a submitted version holds."""
    return {pk for response in snapshot.get("responses", ()) for pk in response["evidence"]}


def sees_evidence(user: Any, item: EvidenceItem) -> bool:
    """Whether a reviewer may open this evidence item: it is in the version of one of their live
    assignments on its portfolio."""
    return any(
        item.pk in snapshot_evidence_ids(a.submission.snapshot)
        for a in live_assignments(user, portfolio=item.response.portfolio_id)
    )


OWN_PORTFOLIO = (
    "This is your own portfolio: who reviews it and how is for other program staff. Your "
    "portfolio page shows where it stands."
)
CONFLICT_DECLARED = (
    "You declared a conflict of interest with this candidate (or with a library where they work "
    "or worked): their portfolio, its reviewers, its evidence and any appeal of it are for other "
    "program staff. Your declarations are on your conflicts page."
)
# What a list shows in a row of a case the viewer may not open, instead of its link.
CONFLICT_LABEL = "Conflict declared"


def conflict_refusal(user: Any, candidate_id: Any) -> str:
    """Why `user` may not see this candidate's portfolio, its reviews or its appeal although
    their role lets them ('' when they may): a standing conflict they declared with the candidate
    or a library where the candidate works. Nobody decides their own case, and a conflict keeps
    them out of its pages too, not only its decisions (ADR 0022). The candidate is never refused
    their own. One query when the person declared nothing."""
    pk = getattr(user, "pk", None)
    if pk is None or candidate_id is None or candidate_id == pk:
        return ""
    return CONFLICT_DECLARED if conflicted_with(people={candidate_id}, candidates={pk}) else ""


def conflicted_candidates(user: Any, candidate_ids: set[Any]) -> set[Any]:
    """Which of these candidates `user` declared a conflict with (a list's rows): two queries
    whatever the number, plus one per candidate when the user declared a library."""
    pk = getattr(user, "pk", None)
    if pk is None or not candidate_ids:
        return set()
    return {person for _, person in conflict_pairs(people=set(candidate_ids), candidates={pk})}


REVIEW_CONFLICT = (
    "You declared a conflict of interest with this candidate (or with a library where they work "
    "or worked): the review goes to another reviewer (Certify gives it to the next one who may "
    "take it, or program staff choose one). Your draft ratings are kept out of the verdict, and "
    "the candidate's portfolio and evidence are closed to you. Your declarations are on your "
    "conflicts page."
)


def review_refusal(user: Any, assignment: ReviewAssignment) -> str:
    """Why a reviewer may not open her own review of this version ('' when she may): she
    declared a conflict with its candidate, so it was given back (ADR 0022). Whatever its
    status: a review she finished is not read beside a verdict still to come either. One query
    when she declared nothing."""
    if assignment.reviewer_id != getattr(user, "pk", None):
        return ""
    candidate_id = assignment.submission.portfolio.planned_set.application.candidate_id
    return REVIEW_CONFLICT if conflict_refusal(user, candidate_id) else ""


def reviewed_refusal(user: Any, portfolio: Portfolio) -> str:
    """`review_refusal` for a portfolio's files: she had a review of one of its versions and
    declared a conflict with its candidate ('' otherwise, when the usual answer stands)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if not ReviewAssignment.objects.filter(
        reviewer_id=user.pk, submission__portfolio=portfolio
    ).exists():
        return ""
    candidate_id = portfolio.planned_set.application.candidate_id
    return REVIEW_CONFLICT if conflict_refusal(user, candidate_id) else ""


def portfolio_refusal(user: Any, portfolio: Portfolio) -> str:
    """`conflict_refusal` for a portfolio's own pages (its preview, its files, the API)."""
    return conflict_refusal(user, portfolio.planned_set.application.candidate_id)


def staff_page_refusal(user: Any, submission: Any) -> str:
    """Why `user` may not open a submission's staff page although their staff role lets them
    ('' when they may): it names the reviewers and their verdicts, and the candidate holding a
    staff role is still the candidate; staff who declared a conflict with the candidate are kept
    out as well."""
    candidate_id = submission.portfolio.planned_set.application.candidate_id
    if candidate_id == getattr(user, "pk", None):
        return OWN_PORTFOLIO
    return conflict_refusal(user, candidate_id)
