"""Calibration: what two reviewers of the same version learn from each other, and how often each
reviewer's verdict differs from the other one's (ADR 0049).

A reviewer sees the other reviewer's ratings and comments only when both have finished the same
version (in the same round) and their verdicts differ; before that, neither sees anything of the
other's, so nobody is steered. The other reviewer stays "the other reviewer": reviewers are not
named to each other, and blind review still hides the candidate.
"""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from certify.portfolios.models import CompetencyRating, ReviewAssignment

COMPLETED = ReviewAssignment.Status.COMPLETED


def _the_other(assignment: ReviewAssignment) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(
        submission_id=assignment.submission_id, round=assignment.round, status=COMPLETED
    ).exclude(pk=assignment.pk)


def calibration_find(*, assignment: ReviewAssignment) -> ReviewAssignment | None:
    """The other reviewer's finished assessment of the same version, with its ratings, when this
    one is finished too and the two verdicts differ; None otherwise (one query, two when shown)."""
    if assignment.status != COMPLETED or not assignment.verdict:
        return None
    return (
        _the_other(assignment)
        .exclude(verdict=assignment.verdict)
        .exclude(verdict="")
        .prefetch_related(
            Prefetch("ratings", queryset=CompetencyRating.objects.select_related("competency"))
        )
        .first()
    )


@dataclass(frozen=True)
class Agreement:
    """One reviewer's record: `compared` of their `completed` reviews were also finished by the
    other reviewer of the same version, and in `disagreed` of those the two verdicts differed."""

    reviewer_id: int
    name: str
    email: str
    completed: int
    compared: int
    disagreed: int

    @property
    def rate(self) -> int | None:
        """The disagreement rate in whole percent (None before any comparison)."""
        if not self.compared:
            return None
        return round(100 * self.disagreed / self.compared)


def reviewer_agreement() -> list[Agreement]:
    """Every reviewer with a completed review and how often their verdict differed from the other
    reviewer's on the same version: one query, however many reviewers and reviews."""
    other_verdict = Subquery(
        ReviewAssignment.objects.filter(
            submission_id=OuterRef("submission_id"), round=OuterRef("round"), status=COMPLETED
        )
        .exclude(pk=OuterRef("pk"))
        .order_by("id")
        .values("verdict")[:1]
    )
    rows = (
        ReviewAssignment.objects.filter(status=COMPLETED)
        .annotate(other=other_verdict)
        .values("reviewer_id")
        .annotate(
            name=F("reviewer__full_name"),
            email=F("reviewer__email"),
            completed=Count("id"),
            compared=Count("id", filter=Q(other__isnull=False)),
            disagreed=Count("id", filter=Q(other__isnull=False) & ~Q(other=F("verdict"))),
        )
        .order_by("name", "email", "reviewer_id")
    )
    return [Agreement(**row) for row in rows]
