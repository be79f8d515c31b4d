"""Trends: the program's flow month by month, over the last twelve months."""

from datetime import date, tzinfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.renewals.models import Renewal
from certify.reports.figures import Cell, Chart, Column, Figure, number
from certify.reports.filters import Filters, Period, as_date, period_label, period_start, walk
from certify.reports.selectors.certificates import ISSUED

MONTHS = 12


def months_ending(last: date, n: int = MONTHS) -> list[date]:
    """The first days of the `n` months up to and including `last`'s month."""
    end = period_start(last, Period.MONTH)
    index = end.year * 12 + end.month - 1 - (n - 1)
    first = date(index // 12, index % 12 + 1, 1)
    return list(walk(first, end, Period.MONTH))


def _per_month(rows: QuerySet, field: str, zone: tzinfo | None = None) -> dict[date, int]:
    """Rows per month of `field`; a moment's month is its month in `zone` (the report's)."""
    month = TruncMonth(field, tzinfo=zone) if zone is not None else TruncMonth(field)
    grouped = rows.annotate(month=month).values("month").annotate(n=Count("pk"))
    found: dict[date, int] = {}
    for row in grouped.order_by():
        day = as_date(row["month"])
        if day is not None:
            found[day] = found.get(day, 0) + row["n"]
    return found


def trends(*, filters: Filters, today: date | None = None) -> Figure:
    """Per month, for the twelve months up to the range's end (or this month): applications
    received (submitted), applications decided (accepted or not accepted, by the day of that
    decision), certificates issued (earned by a plan; a renewal's certificate counts as a
    renewal) and renewals approved. A month with none shows 0. Four queries, one per series."""
    last = filters.end or today or filters.today()
    months = months_ending(last)
    # The same days as the report's (its zone, read once: `zone_named`).
    since = Filters(start=months[0], end=last, program=filters.program, _zone=filters.zone_named())
    received = _per_month(
        Application.objects.filter(
            since.on_datetime("submitted_at"), since.for_program("program")
        ).exclude(status=Application.Status.DRAFT),
        "submitted_at",
        since.zone(),
    )
    decided = _per_month(
        Application.objects.filter(
            since.on_datetime("decided_at"),
            since.for_program("program"),
            status__in=[Application.Status.ACCEPTED, Application.Status.REJECTED],
        ),
        "decided_at",
        since.zone(),
    )
    issued = _per_month(
        Certificate.objects.filter(
            since.on_date("issued_on"),
            since.for_program("program"),
            status__in=ISSUED,
            application__isnull=False,
        ),
        "issued_on",
    )
    renewed = _per_month(
        Renewal.objects.filter(
            since.on_datetime("decided_at"),
            since.for_program("program"),
            status=Renewal.Status.APPROVED,
        ),
        "decided_at",
        since.zone(),
    )
    rows: list[list[Cell]] = [
        [
            period_label(month, Period.MONTH),
            received.get(month, 0),
            decided.get(month, 0),
            issued.get(month, 0),
            renewed.get(month, 0),
        ]
        for month in months
    ]
    return Figure(
        key="trends",
        title="Month by month",
        caption=(
            f"The {MONTHS} months up to {period_label(months[-1], Period.MONTH)}: applications "
            "received, applications decided (accepted or not accepted), certificates issued "
            "(renewals apart) and renewals approved. A month with none shows 0."
        ),
        columns=[
            Column("Month"),
            number("Applications received"),
            number("Applications decided"),
            number("Certificates issued"),
            number("Renewals approved"),
        ],
        rows=rows,
        chart=Chart.LINE,
        unit="Count",
    )
