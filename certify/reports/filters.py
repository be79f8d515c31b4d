"""The filters every report takes (a date range, a program, a period length) and the helpers
that turn them into query conditions the same way on SQLite and PostgreSQL."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import Func, Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from certify.core.zones import Zone, zone_for_all
from certify.programs.api import program_zone
from certify.programs.models import Program


class Period:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CHOICES = [(MONTH, "Month"), (QUARTER, "Quarter"), (YEAR, "Year")]


@dataclass(frozen=True)
class Filters:
    """Inclusive dates (either may be open) and an optional program."""

    start: date | None = None
    end: date | None = None
    program: Program | None = None
    period: str = Period.MONTH
    _zone: Any = field(default=None, compare=False, repr=False, hash=False)

    def on_date(self, field: str) -> Q:
        """`field` (a DateField) falls in the range."""
        q = Q()
        if self.start:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end:
            q &= Q(**{f"{field}__lte": self.end})
        return q

    def on_datetime(self, field: str) -> Q:
        """`field` (a DateTimeField) falls on a day of the range: days in the report's time zone
        (`zone`).

        Compared with the first instants of the days rather than with `__date`, so that an index
        on the column stays usable."""
        zone = self.zone()
        q = Q()
        if self.start:
            q &= Q(**{f"{field}__gte": _day_start(self.start, zone)})
        if self.end:
            q &= Q(**{f"{field}__lt": _day_start(self.end + timedelta(days=1), zone)})
        return q

    def zone(self) -> tzinfo:
        """The time zone the report's days are in (`zone_named`)."""
        if self.program is not None:
            return program_zone(self.program)
        return self.zone_named().tzinfo

    def zone_named(self) -> Zone:
        """The report's time zone and whose it is: the program's when the report is of one
        program (RULINGS, ADR 0036); over all programs, theirs when they all share one, else the
        site's (`core.zones`), said in `describe`. Read once per report."""
        if self._zone is None:
            if self.program is not None:
                short = self.program.short_name or self.program.name
                zone = Zone(program_zone(self.program).key, f"{short}'s")
            else:
                zone = zone_for_all()
            object.__setattr__(self, "_zone", zone)
        return self._zone

    def over_programs(self, programs: Iterable[Program]) -> "Filters":
        """These filters, their zone over all programs found from `programs` (every program), rows
        the page loaded anyway (the program choices of its form), instead of being looked up
        again (`core.zones.program_zones`). A report of one program keeps the program's."""
        if self.program is not None or self._zone is not None:
            return self
        listed = [(p.short_name or p.name, p.time_zone) for p in programs]
        return replace(self, _zone=zone_for_all(listed))

    def today(self) -> date:
        """Today in the report's time zone (`zone`)."""
        return timezone.localdate(timezone=self.zone())

    def for_program(self, field: str) -> Q:
        return Q(**{field: self.program}) if self.program is not None else Q()

    def trunc(self, field: str) -> Func:
        """The first day of the period `field` (a DateField) falls in."""
        kind = {Period.QUARTER: TruncQuarter, Period.YEAR: TruncYear}.get(self.period, TruncMonth)
        return kind(field)

    def periods(self, seen: list[date]) -> list[date]:
        """Every period from the range's start (or the first seen) to its end (or the last seen),
        so that a chart over time shows the empty periods too."""
        if not seen and not (self.start and self.end):
            return []
        first = period_start(self.start, self.period) if self.start else min(seen)
        last = period_start(self.end, self.period) if self.end else max(seen)
        if seen:
            first, last = min(first, min(seen)), max(last, max(seen))
        return list(walk(first, last, self.period))

    def as_params(self) -> dict[str, str | int | None]:
        """The filters as plain values, for a background task (`from_params` reads them back)."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "program": self.program.pk if self.program is not None else None,
            "period": self.period,
        }

    @classmethod
    def from_params(cls, params: dict[str, str | int | None]) -> "Filters":
        start, end, program = params.get("start"), params.get("end"), params.get("program")
        return cls(
            start=date.fromisoformat(str(start)) if start else None,
            end=date.fromisoformat(str(end)) if end else None,
            program=Program.objects.get(pk=program) if program is not None else None,
            period=str(params.get("period") or Period.MONTH),
        )

    def cache_key(self) -> str:
        """The filters as a key for cached figures."""
        program = self.program.pk if self.program is not None else ""
        return f"{self.start}:{self.end}:{program}:{self.period}"

    def describe(self) -> str:
        """The filters in words, for captions and exports."""
        if self.start and self.end:
            span = f"from {_long(self.start)} to {_long(self.end)}"
        elif self.start:
            span = f"from {_long(self.start)}"
        elif self.end:
            span = f"up to {_long(self.end)}"
        else:
            span = "all dates"
        program = self.program.short_name or self.program.name if self.program else "all programs"
        zone = self.zone_named()
        return f"{span}, {program}; days in {zone.name}, {zone.whose} time zone"


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _day_start(day: date, zone: tzinfo) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), zone)


def period_start(day: date, period: str) -> date:
    if period == Period.YEAR:
        return date(day.year, 1, 1)
    if period == Period.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def walk(first: date, last: date, period: str) -> Iterator[date]:
    step = {Period.QUARTER: 3, Period.YEAR: 12}.get(period, 1)
    current = period_start(first, period)
    while current <= last:
        yield current
        index = current.year * 12 + current.month - 1 + step
        current = date(index // 12, index % 12 + 1, 1)


def period_label(day: date, period: str) -> str:
    if period == Period.YEAR:
        return f"{day.year}"
    if period == Period.QUARTER:
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return f"{day:%b %Y}"


def as_date(value: date | datetime | None) -> date | None:
    """What Trunc* returns for a DateField: a date (a datetime on some backends)."""
    if isinstance(value, datetime):
        return value.date()
    return value
