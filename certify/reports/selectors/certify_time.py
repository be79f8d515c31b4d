"""Time to certify: how long candidates take from acceptance to their certificate."""

from datetime import timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)

from certify.certificates.models import Certificate
from certify.reports.figures import Cell, Column, Figure, number
from certify.reports.filters import Filters
from certify.reports.selectors.certificates import ISSUED

# Time to certify, from acceptance to issue, in bands.
BANDS = [
    (183, "Under 6 months"),
    (365, "6 to 12 months"),
    (730, "1 to 2 years"),
    (1096, "2 to 3 years"),
    (1461, "3 to 4 years"),
    (None, "4 years or more"),
]


def time_to_certify(*, filters: Filters) -> Figure:
    """Days from the application's acceptance (`enrolled_on`) to the certificate's issue
    (`issued_on`, the later date minus the earlier), for certificates earned by a plan and issued
    in the range; a renewal's certificate (no application) is not a time to certify. A
    certificate dated before its acceptance (one recorded by hand for a holder certified before
    the program ran here) has no time to certify: it is left out and the caption says how many,
    so the average is never negative."""
    took = ExpressionWrapper(F("issued_on") - F("application__enrolled_on"), DurationField())
    band = Case(
        *[
            When(took__lt=timedelta(days=days), then=Value(i))
            for i, (days, _label) in enumerate(BANDS)
            if days is not None
        ],
        default=Value(len(BANDS) - 1),
        output_field=IntegerField(),
    )
    earned = Certificate.objects.filter(
        filters.on_date("issued_on"),
        filters.for_program("program"),
        status__in=ISSUED,
        application__enrolled_on__isnull=False,
    )
    issued = earned.filter(issued_on__gte=F("application__enrolled_on")).annotate(took=took)
    counts = dict(issued.values_list(band).annotate(n=Count("pk")).order_by())
    totals = earned.aggregate(
        avg=Avg(took, filter=Q(issued_on__gte=F("application__enrolled_on"))),
        before=Count("pk", filter=Q(issued_on__lt=F("application__enrolled_on"))),
    )
    rows: list[list[Cell]] = [[label, counts.get(i, 0)] for i, (_d, label) in enumerate(BANDS)]
    caption = "Certificates issued in the period, by the days from acceptance to issue."
    if totals["avg"] is not None:
        caption += f" On average {whole_days(totals['avg'])} days."
    if totals["before"]:
        n = totals["before"]
        caption += (
            f" Left out: {n} certificate{'s' if n != 1 else ''} dated before the acceptance "
            "(recorded for holders certified earlier)."
        )
    return Figure(
        key="time-to-certify",
        title="Time to certify",
        caption=caption,
        columns=[Column("Time from acceptance"), number("Certificates")],
        rows=rows if counts else [],
        unit="Certificates",
    )


def whole_days(value: timedelta | float | int) -> int:
    """An average duration in whole days (backends return a timedelta, or microseconds)."""
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400)
    return round(float(value) / 86_400_000_000)
