"""Ageing: the open work today against the program's deadlines, and where its queue is."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse

from certify.appeals.models import Appeal
from certify.applications.models import Application
from certify.portfolios.models import ReviewAssignment, Submission
from certify.renewals.models import Renewal
from certify.reports.charts import PALETTE
from certify.reports.figures import Cell, Chart, Column, Figure, Linked, number
from certify.reports.filters import Filters

SOON_DAYS = 7  # "due soon": the deadline is today or within this many days


@dataclass(frozen=True)
class Work:
    """One kind of open work: what it is, what its deadline is, and its queue (if any)."""

    label: str
    deadline: str
    queue: str = ""


def buckets(deadlines: Iterable[tuple[date, int]], *, today: date) -> tuple[int, int, int]:
    """(on time, due within SOON_DAYS days, overdue) of (deadline, count) pairs. Due today is
    due soon; the day after its deadline an item is overdue."""
    on_time = soon = overdue = 0
    for deadline, n in deadlines:
        if deadline < today:
            overdue += n
        elif deadline <= today + timedelta(days=SOON_DAYS):
            soon += n
        else:
            on_time += n
    return on_time, soon, overdue


def _from_day(rows: QuerySet, field: str, days: str, zone: tzinfo) -> list[tuple[date, int]]:
    """Deadlines `days` (a program's rule, per row) after the day of `field` in `zone` (the
    report's): grouped by both in the database, so one query whatever the number of rows."""
    day = TruncDate(field, tzinfo=zone)
    grouped = rows.annotate(day=day).values("day", days).annotate(n=Count("pk")).order_by()
    return [(row["day"] + timedelta(days=row[days]), row["n"]) for row in grouped]


def _on_day(rows: QuerySet, field: str) -> list[tuple[date, int]]:
    grouped = rows.values(field).annotate(n=Count("pk")).order_by()
    return [(row[field], row["n"]) for row in grouped]


def open_work(filters: Filters) -> list[tuple[Work, list[tuple[date, int]]]]:
    """Each kind of open work with its (deadline, count) pairs; one query each."""
    program, zone = filters.for_program, filters.zone()
    apps = Application.objects.filter(program("program"))
    submissions = Submission.objects.filter(
        program("portfolio__planned_set__application__program"), outcome=""
    )
    reviews = ReviewAssignment.objects.filter(
        program("submission__portfolio__planned_set__application__program"),
        status=ReviewAssignment.Status.ASSIGNED,
    )
    appeals = Appeal.objects.filter(program("program"))
    renewals = Renewal.objects.filter(program("program"), status=Renewal.Status.IN_AUDIT)
    return [
        (
            Work(
                "Applications to decide",
                "the decision target, in days from submission",
                reverse("applications:queue") + "?status=submitted",
            ),
            _from_day(
                apps.filter(status=Application.Status.SUBMITTED),
                "submitted_at",
                "program__target_application_days",
                zone,
            ),
        ),
        (
            Work(
                "Portfolios to decide",
                "the review target, in days from submission",
                reverse("portfolios:staff_submissions"),
            ),
            _from_day(
                submissions,
                "submitted_at",
                "portfolio__planned_set__application__program__target_portfolio_review_days",
                zone,
            ),
        ),
        (
            Work("Reviews", "each review's due date", reverse("portfolios:staff_submissions")),
            _on_day(reviews, "due_on"),
        ),
        (
            Work(
                "Appeal grounds",
                "the grounds deadline, in days from the decision appealed",
                reverse("appeals:list"),
            ),
            _from_day(
                appeals.filter(status=Appeal.Status.NOTICE_GIVEN),
                "decided_at",
                "program__appeal_grounds_days",
                zone,
            ),
        ),
        (
            Work(
                "Appeals to decide",
                "the decision target, in days from the grounds",
                reverse("appeals:list"),
            ),
            _from_day(
                appeals.filter(status=Appeal.Status.GROUNDS_SUBMITTED, grounds_at__isnull=False),
                "grounds_at",
                "program__target_application_days",
                zone,
            ),
        ),
        (
            Work(
                "Renewals to check",
                "the renewal target, in days from the request",
                reverse("renewals:staff_queue") + "?status=in_audit",
            ),
            _from_day(renewals, "submitted_at", "program__target_renewal_days", zone),
        ),
        (
            Work(
                "Candidates to finish", "each candidate's deadline to finish, extensions included"
            ),
            _on_day(
                apps.filter(
                    status=Application.Status.ACCEPTED,
                    completion_deadline__isnull=False,
                    certificate__isnull=True,
                ),
                "completion_deadline",
            ),
        ),
    ]


def _cell(n: int, url: str) -> Cell:
    return Linked(n, url) if n and url else n


def ageing(*, filters: Filters, today: date | None = None) -> Figure:
    """Open work today, whatever dates are chosen (the program filter applies): each kind
    against its deadline, on time, due within SOON_DAYS days, or overdue. Counts link to the
    queue where the work is done, where there is one."""
    today = today or filters.today()
    rows: list[list[Cell]] = []
    for work, deadlines in open_work(filters):
        counts = buckets(deadlines, today=today)
        rows.append(
            [
                work.label,
                work.deadline,
                *[_cell(n, work.queue) for n in counts],
                _cell(sum(counts), work.queue),
            ]
        )
    return Figure(
        key="ageing",
        title="Open work against its deadlines",
        caption=(
            f"Work waiting today (the dates chosen do not change it): on time, due within "
            f"{SOON_DAYS} days (today included), or overdue (past its deadline). Each count "
            "opens its queue where there is one."
        ),
        columns=[
            Column("Open work"),
            Column("Deadline", charted=False),
            number("On time"),
            number(f"Due within {SOON_DAYS} days"),
            number("Overdue"),
            number("Total", charted=False),
        ],
        rows=rows if any(row[-1] for row in rows) else [],
        chart=Chart.HSTACKED,
        unit="Items",
        colors=(PALETTE[0], PALETTE[4], PALETTE[1]),  # blue, orange, vermillion
    )
