"""Continuing education: an activity's hours, and progress toward the renewal requirement.

Hours are Decimal: an amount in the activity's unit times the program's conversion (LSSCP: a
semester credit is 15 hours, a quarter credit 10, a conference day 6, a contact hour 1). An
activity counts when it is tied to at least one of the program's competency sets (the
renewal rule: continuing education "tied to the competency sets") and dated within the
certification period, from the certificate's issue to the last day to renew; one tied to the
program's minimum set (LSSCP: Technology) counts in full toward that set's minimum of hours too;
a program may have no such minimum, and then nothing is said of one. An activity counts
toward one renewal only: a renewed certificate's period starts on the day its renewal was
submitted (so nothing done while it waited for approval is lost), and the activities the
holder's earlier renewals counted do not count again (`CountedBefore`: said in that renewal's
words, never "does not count").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.formats import date_format

from certify.programs.models import Program

ZERO = Decimal("0")

# Why an activity's hours do not count, in the words the page and the API both show.
NOT_TIED = "Not tied to a competency set: choose the sets it covers to count its hours."
OUTSIDE = (
    "Outside the certification period: only activities completed between the start of this "
    "certificate's period (its issue, or for a renewed one the day its renewal was submitted) "
    "and the last day to renew count."
)


@dataclass(frozen=True)
class CountedBefore:
    """The approved renewal of an earlier certificate an activity counted toward, and the day
    it was approved (in the program's time zone)."""

    renewal_id: int
    approved_on: date

    @property
    def heading(self) -> str:
        """ "Counted toward your renewal approved on March 3, 2026": the page's heading."""
        day = date_format(self.approved_on, "DATE_FORMAT")
        return f"Counted toward your renewal approved on {day}"

    @property
    def words(self) -> str:
        """The same words for one activity (why it does not count in this period)."""
        return f"{self.heading}: an activity counts toward one renewal only."


def hours_per_unit(*, program: Program, format: str) -> Decimal:
    per_unit = {
        "hours": 1,
        "semester": program.semester_credit_hours,
        "quarter": program.quarter_credit_hours,
        "conference": program.conference_day_hours,
    }
    if format not in per_unit:
        raise ValueError(f"Unknown format {format!r}")
    return Decimal(per_unit[format])


def activity_hours(*, program: Program, format: str, amount: Decimal) -> Decimal:
    return (amount * hours_per_unit(program=program, format=format)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Counted:
    """What the progress rule needs of one activity."""

    completed_on: date
    hours: Decimal
    tied: bool  # tied to at least one of the program's competency sets
    technology: bool  # tied to the program's technology set


@dataclass(frozen=True)
class Progress:
    required: Decimal
    required_technology: Decimal
    total: Decimal
    technology: Decimal
    period_start: date
    period_end: date
    outside: int  # activities dated outside the period (not counted)
    untied: int = 0  # activities in the period tied to no competency set (not counted)
    untied_hours: Decimal = ZERO
    untied_count: bool = False  # a renewal made before the rule: its untied hours count
    # Activity id → the earlier renewal it counted toward (left out of the hours).
    counted_before: Mapping[int, CountedBefore] = field(default_factory=dict)
    minimum_on: str = ""  # the name of the set the minimum is on ("Technology")

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.required - self.total)

    @property
    def remaining_technology(self) -> Decimal:
        return max(ZERO, self.required_technology - self.technology)

    @property
    def met(self) -> bool:
        return self.remaining == ZERO and self.remaining_technology == ZERO

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 100
        return int(min(Decimal(100), self.total * 100 / self.required))

    @property
    def on_set(self) -> str:
        """ "on Technology": the words for the hours the minimum counts."""
        return f"on {self.minimum_on}" if self.minimum_on else "on the set the program names"

    @property
    def summary(self) -> str:
        """ "26 of 32 hours, 4 of 4 on Technology (you have 6)": never more met than needed; with
        no minimum on a set, only the hours. Whole hours, as the application's eligible hours
        (`_h`): what counts rounded down; the rule itself counts exactly (`met`)."""
        hours = _of(self.total, self.required, "hours")
        if not self.required_technology:
            return hours
        return f"{hours}, {_of(self.technology, self.required_technology, self.on_set)}"

    @property
    def next_step(self) -> str:
        if self.met:
            return "You have met the continuing-education requirement."
        parts = []
        if self.remaining:
            more = _h(self.remaining, up=True)
            parts.append("1 more hour" if more == "1" else f"{more} more hours")
        if self.remaining_technology:
            parts.append(f"{_h(self.remaining_technology, up=True)} more {self.on_set}")
        return "Still needed: " + " and ".join(parts) + "."


def _of(have: Decimal, needed: Decimal, what: str) -> str:
    """ "4 of 32 hours"; with more than needed, what counts toward the need and then how much
    there is ("4 of 4 on Technology (you have 6)"), never "6 of 4 on Technology"."""
    if have > needed:
        return f"{_h(needed)} of {_h(needed)} {what} (you have {_h(have)})"
    return f"{_h(have)} of {_h(needed)} {what}"


def _h(value: Decimal, *, up: bool = False) -> str:
    """Whole hours for people, as the application's eligible hours: 31.75 → "31" (what counts,
    rounded down), or with `up` → "1" (what is still missing, rounded up, so a shortfall never
    shows as "0" nor as "0.25 more hours"); 1,820 with its separator."""
    whole = value.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
    return f"{whole:,.0f}"


def why_not_counted(
    activity: Counted,
    *,
    period_start: date,
    period_end: date,
    untied_count: bool = False,
    counted_toward: CountedBefore | None = None,
) -> str:
    """Why the activity's hours do not count ("" when they do): counted toward an earlier
    renewal (`counted_toward`, in its words) first, then the period, as a tie chosen later
    would not change either."""
    if counted_toward is not None:
        return counted_toward.words
    if not period_start <= activity.completed_on <= period_end:
        return OUTSIDE
    if not activity.tied and not untied_count:
        return NOT_TIED
    return ""


def progress(
    *,
    program: Program,
    activities: Iterable[Counted],
    period_start: date,
    period_end: date,
    required: int | None = None,
    required_technology: int | None = None,
    untied_count: bool = False,
    counted_before: Mapping[int, CountedBefore] | None = None,
    minimum_on: str = "",
) -> Progress:
    """Progress toward the program's requirement, or toward `required` and
    `required_technology` hours when a renewal kept the ones it was submitted under (and, for
    one made before the rule, `untied_count`: activities tied to no set count as well).
    `counted_before`: the activities the holder's earlier renewals counted, which the caller
    leaves out of `activities` (an activity counts toward one renewal only).
    `minimum_on`: the name of the set the minimum of hours is on, for the words."""
    total = technology = untied_hours = ZERO
    outside = untied = 0
    for activity in activities:
        if not period_start <= activity.completed_on <= period_end:
            outside += 1
            continue
        if not activity.tied and not untied_count:
            untied += 1
            untied_hours += activity.hours
            continue
        total += activity.hours
        if activity.technology:
            technology += activity.hours
    return Progress(
        required=Decimal(program.renewal_ce_hours if required is None else required),
        required_technology=Decimal(
            program.renewal_technology_hours if required_technology is None else required_technology
        ),
        total=total,
        technology=technology,
        period_start=period_start,
        period_end=period_end,
        outside=outside,
        untied=untied,
        untied_hours=untied_hours,
        untied_count=untied_count,
        counted_before=counted_before or {},
        minimum_on=minimum_on,
    )
