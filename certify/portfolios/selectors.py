"""Reads for portfolios, with the evidence and the reviewers' comments prefetched."""

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from certify.accounts.models import User
from certify.portfolios.models import (
    CompetencyRating,
    EvidenceItem,
    Portfolio,
    Response,
    ReviewAssignment,
    Submission,
)


def portfolio_get(*, planned_set_id: int) -> Portfolio | None:
    return (
        Portfolio.objects.select_related(
            "planned_set__competency_set",
            "planned_set__application__candidate",
            "planned_set__application__program",
        )
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("competency").prefetch_related(
                    Prefetch("evidence", queryset=EvidenceItem.objects.order_by("created_at", "id"))
                ),
            ),
            Prefetch("submissions", queryset=Submission.objects.order_by("number")),
        )
        .filter(planned_set_id=planned_set_id)
        .first()
    )


def earlier_feedback(*, portfolio: Portfolio) -> dict[int, list[CompetencyRating]]:
    """The reviewers' comments on the last decided version, per competency id."""
    last = portfolio.submissions.exclude(outcome="").order_by("-number").first()
    if last is None:
        return {}
    rows = CompetencyRating.objects.filter(
        assignment__submission=last, assignment__status=ReviewAssignment.Status.COMPLETED
    ).select_related("assignment")
    feedback: dict[int, list[CompetencyRating]] = {}
    for row in rows:
        feedback.setdefault(row.competency_id, []).append(row)
    return feedback


def submission_evidence(*, submission: Submission) -> dict[int, list[EvidenceItem]]:
    """The evidence items of a submitted version, per competency id (as submitted)."""
    ids = [i for r in submission.snapshot["responses"] for i in r["evidence"]]
    items = {e.pk: e for e in EvidenceItem.objects.filter(pk__in=ids)}
    return {
        r["competency"]: [items[i] for i in r["evidence"] if i in items]
        for r in submission.snapshot["responses"]
    }


def assignment_get(*, pk: int) -> ReviewAssignment | None:
    return (
        ReviewAssignment.objects.select_related(
            "reviewer",
            "submission__portfolio__planned_set__competency_set",
            "submission__portfolio__planned_set__application__candidate",
            "submission__portfolio__planned_set__application__program",
        )
        .prefetch_related(
            Prefetch("ratings", queryset=CompetencyRating.objects.select_related("competency"))
        )
        .filter(pk=pk)
        .first()
    )


def reviewer_queue(*, reviewer: User) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .exclude(status=ReviewAssignment.Status.WITHDRAWN)
        .select_related(
            "submission__portfolio__planned_set__competency_set",
            "submission__portfolio__planned_set__application__candidate",
        )
        .annotate(rated=_rating_count(rated=True), total=_rating_count())
        .order_by("status", "due_on", "id")
    )


def _rating_count(*, rated: bool = False) -> Coalesce:
    # A subquery per shown row, not a join + GROUP BY over all the reviewer's assignments and
    # their ratings (that made the queue slow for reviewers with long histories).
    ratings = CompetencyRating.objects.filter(assignment=OuterRef("pk"))
    if rated:
        ratings = ratings.exclude(rating="")
    counted = ratings.order_by().values("assignment").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class Turnaround:
    completed: int
    open: int
    overdue: int
    median_days: float | None


def reviewer_turnaround(*, reviewer: User, today: date | None = None) -> Turnaround:
    today = today or timezone.localdate()
    rows = list(
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .exclude(status=ReviewAssignment.Status.WITHDRAWN)
        .values("status", "assigned_at", "completed_at", "due_on")
    )
    days = [
        (r["completed_at"] - r["assigned_at"]).total_seconds() / 86400
        for r in rows
        if r["completed_at"]
    ]
    return Turnaround(
        completed=len(days),
        open=sum(1 for r in rows if r["status"] == ReviewAssignment.Status.ASSIGNED),
        overdue=sum(
            1
            for r in rows
            if r["status"] == ReviewAssignment.Status.ASSIGNED and r["due_on"] < today
        ),
        median_days=round(median(days), 1) if days else None,
    )


def submission_list_for_staff(*, needs_reviewers: bool = False) -> QuerySet[Submission]:
    qs = (
        Submission.objects.select_related(
            "portfolio__planned_set__competency_set",
            "portfolio__planned_set__application__candidate",
        )
        .annotate(
            reviewer_count=Count("assignments", filter=~Q(assignments__status="withdrawn")),
            done_count=Count("assignments", filter=Q(assignments__status="completed")),
        )
        .order_by("outcome", "submitted_at")
    )
    if needs_reviewers:
        qs = qs.filter(reviewer_count__lt=2)
    return qs
