"""Reads for portfolios, with the evidence and the reviewers' comments prefetched."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from certify.accounts.api import Turnaround as ReviewTurnaround
from certify.accounts.api import Waiting, oldest_waiting, turnaround_from, turnaround_since
from certify.accounts.models import User
from certify.casework.api import assignment_q
from certify.core.precompiled import Precompiled
from certify.portfolios.attesters import attestation_record, candidate_ties
from certify.portfolios.models import (
    CompetencyRating,
    EvidenceItem,
    Portfolio,
    Response,
    ReviewAssignment,
    Submission,
)
from certify.programs.api import on_program_days, program_day
from certify.programs.models import Program


def portfolio_find(*, planned_set_id: int) -> Portfolio | None:
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


def previous_version_feedback(*, submission: Submission) -> dict[int, list[CompetencyRating]]:
    """The reviewers' ratings and comments on the version before `submission`, per competency
    id (none for a first version): what a reviewer of a resubmission checks was added."""
    rows = CompetencyRating.objects.filter(
        assignment__submission__portfolio_id=submission.portfolio_id,
        assignment__submission__number=submission.number - 1,
        assignment__status=ReviewAssignment.Status.COMPLETED,
    ).order_by("assignment_id")
    feedback: dict[int, list[CompetencyRating]] = {}
    for row in rows:
        feedback.setdefault(row.competency_id, []).append(row)
    return feedback


@dataclass(frozen=True)
class Changed:
    """What the candidate changed in one competency since the version before: whether the
    written answer differs, and the evidence items that were not in that version."""

    answer: bool
    new_evidence: frozenset[int]


def previous_version_changes(*, submission: Submission) -> dict[int, Changed]:
    """Per competency id, what changed between the version before `submission` and it, read
    from the two snapshots (none for a first version; one query otherwise)."""
    before = (
        Submission.objects.filter(
            portfolio_id=submission.portfolio_id, number=submission.number - 1
        )
        .values_list("snapshot", flat=True)
        .first()
    )
    if before is None:
        return {}
    earlier = {r["competency"]: r for r in before.get("responses", [])}
    changes = {}
    for now in submission.snapshot.get("responses", []):
        then = earlier.get(now["competency"], {})
        changes[now["competency"]] = Changed(
            answer=now.get("narrative", "") != then.get("narrative", ""),
            new_evidence=frozenset(now.get("evidence", [])) - set(then.get("evidence", [])),
        )
    return changes


def submission_evidence(*, submission: Submission) -> dict[int, list[EvidenceItem]]:
    """The evidence items of a submitted version, per competency id (as submitted). Each
    attestation carries `as_submitted`: what it said when the version was submitted (ADR 0024),
    which is what reviewers read, never the item's later state."""
    ids = [i for r in submission.snapshot["responses"] for i in r["evidence"]]
    items = {e.pk: e for e in EvidenceItem.objects.filter(pk__in=ids)}
    _attach_submitted_attestations(submission, items.values())
    return {
        r["competency"]: [items[i] for i in r["evidence"] if i in items]
        for r in submission.snapshot["responses"]
    }


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _attach_submitted_attestations(submission: Submission, items: Iterable[EvidenceItem]) -> None:
    attestations = [i for i in items if i.kind == EvidenceItem.Kind.ATTESTATION]
    if not attestations:
        return
    kept = submission.snapshot.get("attestations")
    if kept is None:  # a version submitted before submissions kept their attestations
        domains, libraries = candidate_ties(submission.portfolio)
        kept = {
            str(i.pk): attestation_record(
                i,
                domains=domains,
                libraries=libraries,
                given=i.attested_at is not None and i.attested_at <= submission.submitted_at,
            )
            for i in attestations
        }
    program = submission.portfolio.planned_set.application.program
    for item in attestations:
        record = kept.get(str(item.pk)) or {"status": EvidenceItem.AttestationStatus.LAPSED}
        label = EvidenceItem.AttestationStatus(record["status"]).label
        # The day it was given, in the program's time zone (RULINGS; kept as a UTC moment).
        given = record.get("attested_at") or ""
        on = program_day(_aware(datetime.fromisoformat(given)), program) if given else None
        item.as_submitted = {  # type: ignore[attr-defined]
            **record,
            "status_label": label,
            "attested_on": on,
        }


def evidence_numbers(*, portfolio_id: int) -> dict[int, int]:
    """Each evidence item's number in its portfolio (`certify/portfolios/blind.py`), read in one
    query of the items' ids."""
    ids = (
        EvidenceItem.objects.filter(response__portfolio_id=portfolio_id)
        .order_by("created_at", "id")
        .values_list("id", flat=True)
    )
    return {pk: number for number, pk in enumerate(ids, start=1)}


def submission_outcome(*, submission_id: int) -> str:
    """The combined result of a submitted version ("" until both reviewers have finished)."""
    return (
        Submission.objects.filter(pk=submission_id).values_list("outcome", flat=True).first() or ""
    )


def assignment_find(*, pk: int) -> ReviewAssignment | None:
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


def _reviewer_assignments(*, reviewer: User | int) -> QuerySet[ReviewAssignment]:
    """The reviewer's assignments that are not withdrawn, open reviews first, by due date.

    The order is served by the (reviewer, status, due_on, id) index, so a page of the queue
    reads its 50 rows and stops, however long the reviewer's history.
    """
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .exclude(status=ReviewAssignment.Status.WITHDRAWN)
        .order_by("status", "due_on", "id")
    )


def reviewer_queue(*, reviewer: User) -> QuerySet[ReviewAssignment]:
    """The queue as objects (the API reads `submission.portfolio.planned_set...`)."""
    return (
        _reviewer_assignments(reviewer=reviewer)
        .select_related(
            "submission__portfolio__planned_set__competency_set",
            "submission__portfolio__planned_set__application__candidate",
        )
        .annotate(rated=_rating_count(rated=True), total=_rating_count())
    )


def reviewer_queue_rows(*, reviewer: User | int) -> QuerySet[ReviewAssignment]:
    """The queue page's rows: the assignment's own columns and, flattened, what the table shows
    of its submission (`set_name`, `version`) and the rating counts (`rated`, `total`). No
    related objects are built and no wide column (the submission's snapshot, the application) is
    read. Review is always blind (ADR 0026): the candidate's name is not read at all, so it never
    leaves the database for the reviewer's page."""
    planned_set = "submission__portfolio__planned_set"
    return (
        _reviewer_assignments(reviewer=reviewer)
        .only("id", "status", "due_on", "verdict")
        .annotate(
            set_name=F(f"{planned_set}__competency_set__name"),
            # Whose days the review is judged by (ADR 0036): the set's program, no join more.
            program_id=F(f"{planned_set}__competency_set__program_id"),
            version=F("submission__number"),
            rated=_rating_count(rated=True),
            total=_rating_count(),
        )
    )


def _rating_count(*, rated: bool = False) -> Subquery:
    # A subquery per shown row, not a join + GROUP BY over all the reviewer's assignments and
    # their ratings (that made the queue slow for reviewers with long histories). A plain
    # COUNT(*) (a Func, so Django adds no GROUP BY) always returns one row, 0 when there are no
    # ratings: no COALESCE, and PostgreSQL plans it faster than a grouped subquery.
    ratings = CompetencyRating.objects.filter(assignment=OuterRef("pk"))
    if rated:
        ratings = ratings.exclude(rating="")
    counted = (
        ratings.order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


@dataclass(frozen=True)  # hashable: the queue page's figures are a fragment's key
class Turnaround:
    assignments: int  # not withdrawn: the rows of the reviewer's queue
    completed: int
    open: int
    overdue: int
    median_days: float | None


_PLANNED_SET = "submission__portfolio__planned_set"


def _figures_of(*, reviewer_id: int, today: date) -> Any:
    return _figures_where(reviewer_id=reviewer_id, overdue=Q(due_on__lt=today))


def _figures_where(*, reviewer_id: int, overdue: Q) -> Any:
    is_open = Q(status=ReviewAssignment.Status.ASSIGNED)
    return (
        _reviewer_assignments(reviewer=reviewer_id)
        .order_by()
        .values("reviewer_id")  # one group: the reviewer's (no row when they have none)
        .annotate(
            assignments=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & overdue),
        )
    )


def _durations_of(*, reviewer_id: int) -> QuerySet[ReviewAssignment, timedelta]:
    return (
        _reviewer_assignments(reviewer=reviewer_id)
        .filter(completed_at__isnull=False)
        .annotate(
            took=ExpressionWrapper(
                F("completed_at") - F("assigned_at"), output_field=DurationField()
            )
        )
        .order_by("took")
        .values_list("took", flat=True)
    )


def _queue_page_of(*, reviewer_id: int) -> QuerySet[ReviewAssignment, tuple[Any, ...]]:
    return reviewer_queue_rows(reviewer=reviewer_id).values_list(*QUEUE_COLUMNS)


# The reviewer's queue page reads these on every request: compiled once per process (ADR 0062).
_figures = Precompiled(_figures_of, ints=("reviewer_id",), dates=("today",))
_durations = Precompiled(_durations_of, ints=("reviewer_id",))
_queue_page = Precompiled(_queue_page_of, ints=("reviewer_id",))

# What the queue page shows of each row (`reviewer_queue_rows`).
QUEUE_COLUMNS: tuple[str, ...] = ("id", "status", "due_on", "verdict", "set_name", "version")
QUEUE_COLUMNS += ("rated", "total", "program_id")


def reviewer_queue_page(*, reviewer: User, low: int, high: int) -> list[tuple[Any, ...]]:
    """Rows `low` to `high` of the reviewer's queue, `QUEUE_COLUMNS` of each in that order, as
    tuples (hashable: the rows as read are the key of the page's row markup): one query."""
    return _queue_page.run(rows=(low, high), reviewer_id=reviewer.pk)


def reviewer_turnaround(
    *, reviewer: User, today: date | None = None, days: Any = None
) -> Turnaround:
    """The reviewer's figures, counted in SQL: one aggregate over their assignments and, when
    some are completed, one read of the middle one or two durations (not every row).

    Overdue: after `today`, or with `days` (`review_days.ReviewDays`) after each review's due day
    in its program's zone (ADR 0036): the query compiled once when every program is on one day,
    one built with a term per day when they differ (the same one query)."""
    day = days.single if days is not None else (today or timezone.localdate())
    if day is not None:
        found = _figures.run(reviewer_id=reviewer.pk, today=day)
    else:
        overdue = days.overdue_q(f"{_PLANNED_SET}__competency_set__program")
        found = list(_figures_where(reviewer_id=reviewer.pk, overdue=overdue))
    figures = found[0] if found else {"assignments": 0, "completed": 0, "open": 0, "overdue": 0}
    completed = figures["completed"]
    return Turnaround(
        assignments=figures["assignments"],
        completed=completed,
        open=figures["open"],
        overdue=figures["overdue"],
        median_days=_median_days(reviewer, completed) if completed else None,
    )


def _median_days(reviewer: User, completed: int) -> float:
    """The median of `completed` durations (assigned to completed), in days, to 0.1: the middle
    one of an odd number, the mean of the middle two of an even number."""
    middle = _durations.run(
        rows=((completed - 1) // 2, completed // 2 + 1), reviewer_id=reviewer.pk
    )
    return round(median(d.total_seconds() / 86400 for d in middle), 1)


def submission_list_for_staff(
    *,
    needs_reviewers: bool = False,
    overdue: bool = False,
    assigned: str = "",
    viewer: User | None = None,
    program: str = "",
) -> QuerySet[Submission]:
    """Submitted versions for staff. `needs_reviewers`: fewer than two reviewers in the current
    round (`reviewer_count` and `done_count` count that round), the candidate's account open;
    `overdue`: a review still open after its due day; `assigned` "me" (the `viewer`'s
    portfolios) or "none" (unassigned) filters on the portfolio's assignment; `program`: one
    program's (its slug)."""
    qs = (
        Submission.objects.select_related(
            "portfolio__planned_set__competency_set",
            "portfolio__planned_set__application__candidate",
            "portfolio__planned_set__application__program",
            "portfolio__assigned_to",
        )
        .annotate(
            # Of the current round: an appeal sent back starts again at none (ADR 0026).
            reviewer_count=Count(
                "assignments",
                filter=~Q(assignments__status="withdrawn")
                & Q(assignments__round=F("review_round")),
            ),
            done_count=Count(
                "assignments",
                filter=Q(assignments__status="completed", assignments__round=F("review_round")),
            ),
        )
        .order_by("outcome", "submitted_at")
    )
    if needs_reviewers:
        # a closed account's version waits for nobody: its reviews ended (ADR 0007)
        qs = qs.filter(reviewer_count__lt=2).exclude(
            portfolio__planned_set__application__candidate__is_active=False
        )
    if overdue:
        qs = qs.filter(pk__in=_overdue_reviews().values("submission_id"))
    if assigned:
        qs = qs.filter(assignment_q(assigned, user=viewer, prefix="portfolio__"))
    if program:
        qs = qs.filter(portfolio__planned_set__application__program__slug=program)
    return qs


def _overdue_reviews() -> QuerySet[ReviewAssignment]:
    """Open reviews whose due day has ended in their program's time zone (ADR 0036)."""
    return ReviewAssignment.objects.filter(
        on_program_days(
            "due_on", "lt", program_field="submission__portfolio__planned_set__application__program"
        ),
        status=ReviewAssignment.Status.ASSIGNED,
    )


def reviews_waiting() -> tuple[Waiting, Waiting]:
    """For the staff home, in two queries: the submitted versions waiting for reviewers (and
    the oldest submission), and those with a review overdue (and the earliest due day passed):
    the same rows as the staff list's two filters; each oldest with its program's time zone."""
    # The list counts reviewers per row (a HAVING): its rows are grouped by zone as a subquery.
    needing = submission_list_for_staff(needs_reviewers=True).values("pk")
    needs = oldest_waiting(
        Submission.objects.filter(pk__in=needing),
        "submitted_at",
        zone="portfolio__planned_set__application__program__time_zone",
    )
    late = oldest_waiting(
        _overdue_reviews(),
        "due_on",
        zone="submission__portfolio__planned_set__application__program__time_zone",
        count="submission_id",
        distinct=True,
    )
    return needs, late


def review_turnaround(*, program: Program) -> ReviewTurnaround:
    """How long the program's portfolio reviews took in the last 90 days: from a version's
    submission to its outcome (one query)."""
    pairs = Submission.objects.filter(
        portfolio__planned_set__application__program=program, decided_at__gte=turnaround_since()
    ).values_list("submitted_at", "decided_at")
    return turnaround_from(
        pairs, what="a portfolio review", target_days=program.target_portfolio_review_days
    )


def portfolio_reviewer_ids(*, portfolio_id: int) -> set[int]:
    """The people who completed a review of any version of the portfolio: its verdict is
    theirs, so they do not review its appeal (`appeals.api.on_deciders`)."""
    return set(
        ReviewAssignment.objects.filter(
            submission__portfolio_id=portfolio_id, status=ReviewAssignment.Status.COMPLETED
        ).values_list("reviewer_id", flat=True)
    )
