"""The experience rule, in one place: which hours count toward eligibility.

Hours count only inside the window: the program's years (LSSCP: five) before the date of
submission, both ends included. An entry that straddles the window counts pro rata by days:
a total is spread evenly over the entry's days, hours per week count 1/7 per day. Arithmetic is
exact (fractions); figures are rounded only for display, and never so that hours short of the
requirement read as enough (1,819.996 shows as 1,819.99, with 0.01 more needed).

Implausible input is flagged for staff, never refused here; an end before the start, or dates
after the submission date, are errors the candidate must fix.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

MAX_PLAUSIBLE_WEEKLY_HOURS = 60
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Experience:
    """One job or volunteer role, as the rule sees it."""

    start: date
    end: date | None  # None: ongoing
    total_hours: Decimal | None = None
    hours_per_week: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class EligibilityResult:
    hours: Fraction
    required: int
    window_start: date
    window_end: date
    errors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # What the program calls the experience it counts (programs/experience.py).
    experience: str = "library experience"

    @property
    def hours_display(self) -> Decimal:
        return hours_shown(self.hours, required=self.required)

    @property
    def missing(self) -> Decimal:
        return hours_missing(self.hours, required=self.required)

    @property
    def meets_hours(self) -> bool:
        return not self.errors and enough_hours(self.hours, required=self.required)

    @property
    def percent(self) -> int:
        return percent_done(self.hours, required=self.required)

    @property
    def summary(self) -> str:
        """In words: '1,640 of the 1,820 hours needed between 27 Nov 2021 and 27 Nov 2026'.
        Whole hours (`whole_hours`): what counts rounded down, what is missing rounded up."""
        return (
            f"{whole_hours(self.hours_display)} of the {self.required:,} hours needed between "
            f"{_day(self.window_start)} and {_day(self.window_end)}"
        )

    @property
    def next_step(self) -> str:
        if self.errors:
            return "Correct the dates marked below; entries with errors are not counted."
        if self.meets_hours:
            return f"You have enough {self.experience}."
        return f"{_more_hours(self.missing)} {'is' if self.missing <= 1 else 'are'} needed."

    @property
    def staff_next_step(self) -> str:
        """The same verdict, in words for the staff member deciding (about the candidate)."""
        if self.errors:
            return (
                "Some entries have dates that do not add up (listed below); they are not counted."
            )
        if self.meets_hours:
            return f"The candidate has enough {self.experience}."
        return f"The candidate needs {_more_hours(self.missing)}."


# The rule itself, as functions rather than in the properties above: a property's body is out of
# reach of the mutation tests (mutmut leaves decorated functions alone).
def enough_hours(hours: Fraction, *, required: int) -> bool:
    return hours >= required


def hours_shown(hours: Fraction, *, required: int) -> Decimal:
    """The hours, rounded half up to the cent, but below the requirement while they are short
    of it (a rounding must not show as enough what is not)."""
    shown = _round(hours)
    if hours < required <= shown:
        return Decimal(required) - CENT
    return shown


def hours_missing(hours: Fraction, *, required: int) -> Decimal:
    """The hours still needed, rounded for display; never negative, and at least a cent while
    any are missing."""
    if hours >= required:
        return Decimal(0)
    return max(CENT, _round(required - hours))


def percent_done(hours: Fraction, *, required: int) -> int:
    """How far toward the required hours, in whole percent (rounded down), at most 100."""
    if required <= 0:
        return 100
    return min(100, int(hours * 100 / required))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window_for(*, on: date, years: int) -> tuple[date, date]:
    return years_before(on, years), on


def entry_errors(entry: Experience, *, on: date) -> list[str]:
    name = f"“{entry.label}”: " if entry.label else ""
    errors = []
    if entry.end is not None and entry.end < entry.start:
        errors.append(f"{name}the end date is before the start date.")
    if entry.start > on:
        errors.append(f"{name}the start date is in the future.")
    if entry.end is not None and entry.end > on:
        errors.append(f"{name}the end date is in the future; leave it empty if the job is ongoing.")
    if entry.total_hours is None and entry.hours_per_week is None:
        errors.append(f"{name}enter the total hours or the hours per week.")
    for value in (entry.total_hours, entry.hours_per_week):
        if value is not None and value < 0:
            errors.append(f"{name}hours cannot be negative.")
    return errors


def weekly_rate(entry: Experience, *, on: date) -> Fraction:
    if entry.hours_per_week is not None:
        return Fraction(entry.hours_per_week)
    days = _days(entry.start, entry.end or on)
    return Fraction(entry.total_hours or 0) * 7 / days


def hours_in_window(entry: Experience, *, window_start: date, window_end: date) -> Fraction:
    """The hours of one (valid) entry that fall inside the window."""
    end = min(entry.end or window_end, window_end)
    overlap_start = max(entry.start, window_start)
    if end < overlap_start:
        return Fraction(0)
    overlap_days = _days(overlap_start, end)
    if entry.hours_per_week is not None:
        return Fraction(entry.hours_per_week) * overlap_days / 7
    entry_days = _days(entry.start, entry.end or window_end)
    return Fraction(entry.total_hours or 0) * overlap_days / entry_days


def eligibility(
    entries: list[Experience],
    *,
    on: date,
    years: int,
    required: int,
    experience: str = "library experience",
) -> EligibilityResult:
    window_start, window_end = window_for(on=on, years=years)
    errors: list[str] = []
    valid: list[Experience] = []
    for entry in entries:
        problems = entry_errors(entry, on=on)
        errors.extend(problems)
        if not problems:
            valid.append(entry)
    total = sum(
        (hours_in_window(e, window_start=window_start, window_end=window_end) for e in valid),
        Fraction(0),
    )
    return EligibilityResult(
        hours=total,
        required=required,
        window_start=window_start,
        window_end=window_end,
        errors=errors,
        flags=_weekly_flags(valid, on=on),
        experience=experience,
    )


def _weekly_flags(entries: list[Experience], *, on: date) -> list[str]:
    """Periods where the entries together claim more than 60 hours a week."""
    boundaries: dict[date, Fraction] = {}
    for entry in entries:
        rate = weekly_rate(entry, on=on)
        end = (entry.end or on) + timedelta(days=1)
        boundaries[entry.start] = boundaries.get(entry.start, Fraction(0)) + rate
        boundaries[end] = boundaries.get(end, Fraction(0)) - rate
    flags = []
    running = Fraction(0)
    days = sorted(boundaries)
    for start, next_start in itertools.pairwise(days):
        running += boundaries[start]
        if running > MAX_PLAUSIBLE_WEEKLY_HOURS:
            flags.append(
                f"Between {_day(start)} and {_day(next_start - timedelta(days=1))} the entries "
                f"add up to {_weekly(_round(running))} hours a week."
            )
    return flags


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def whole_hours(value: Decimal, *, up: bool = False) -> str:
    """Hours for people: whole, with thousands separated ("3,131", not "3,131.43"). Hours that
    count are rounded down and hours still missing rounded up, so the two always add up to the
    requirement and a shortfall never shows as "0". The rule itself counts exactly (`check`)."""
    whole = value.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
    return f"{whole:,.0f}"


def _weekly(value: Decimal) -> str:
    """Hours a week as typed: "87.5", "40", never "40.00"."""
    return f"{value:,.0f}" if value == value.to_integral() else f"{value.normalize():,f}"


def _more_hours(missing: Decimal) -> str:
    """'1 more hour', '208 more hours'."""
    return "1 more hour" if missing <= 1 else f"{whole_hours(missing, up=True)} more hours"


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
