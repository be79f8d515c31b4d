"""What one experience entry needs before it is saved, the same for the page and the API: the
hours in the way they are given, no more than a person can work in a week, a total that fits
between the dates, and an end after the start.

The eligibility rule (`eligibility.py`) counts what is saved and flags the implausible (jobs that
together claim more than 60 hours a week) for staff; these checks refuse what cannot be true of
one job. Each message says what to enter, keyed by the field it is about, so a page shows it
beside that field and the API names the field (ADR 0043).
"""

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import floor

from certify.core.errors import DomainError

# A sane maximum for one job's usual week. Above it the figure is a typing slip (200 for 20) or
# a total typed as a weekly figure; staff are still shown overlapping jobs above 60 a week.
MAX_WEEKLY_HOURS = 80

# What a missing required value is called, the same words for the page's form (its fields'
# "required" messages) and the API (which sends empty values on to these checks).
REQUIRED: dict[str, str] = {
    "library_name": "Enter the name of the library.",
    "role": "Enter your role or job title.",
    "start_date": "Enter the date you started.",
}


def required_messages(noun: str = "library") -> dict[str, str]:
    """`REQUIRED` in a program's words: the name of its workplace ("the organization")."""
    return {**REQUIRED, "library_name": f"Enter the name of the {noun}."}


WEEKLY = "weekly"
TOTAL = "total"


class ExperienceInvalidError(DomainError):
    """An entry refused before it was saved; `fields` says what is wrong, by field."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(" ".join(fields.values()), field=next(iter(fields), None))
        self.fields = fields


def experience_problems(
    *,
    start_date: date | None,
    end_date: date | None,
    hours_mode: str,
    hours_per_week: Decimal | None,
    total_hours: Decimal | None,
    today: date,
    library_name: str | None = None,
    role: str | None = None,
    library_type: str | None = None,
    kinds: Collection[str] = (),
    noun: str = "library",
) -> dict[str, str]:
    """What is wrong with an entry's dates and hours, by field (empty when nothing is). The
    names are checked when given (None: the caller checked them already), and the kind of
    workplace (`library_type`) when given against the `kinds` the program offers (their codes;
    none offered: none asked). `noun` is where the program's candidates work ("library")."""
    problems: dict[str, str] = {}
    required = required_messages(noun)
    for name, value in (("library_name", library_name), ("role", role)):
        if value is not None and not value.strip():
            problems[name] = required[name]
    if library_type is not None and kinds and library_type not in kinds:
        problems["library_type"] = (
            f"Choose the type of {noun} from the list."
            if library_type
            else f"Choose the type of {noun}."
        )
    if start_date is None and (library_name is not None or role is not None):
        problems["start_date"] = REQUIRED["start_date"]
    if start_date and start_date > today:
        problems["start_date"] = "The start date is in the future: enter work you have done."
    if end_date and end_date > today:
        problems["end_date"] = (
            "The end date is in the future: leave it empty if you still work there."
        )
    if start_date and end_date and end_date < start_date:
        problems["end_date"] = "The end date is before the start date."
    if hours_mode == WEEKLY:
        if hours_per_week is None:
            problems["hours_per_week"] = "Enter the hours you work in a usual week."
        elif hours_per_week > MAX_WEEKLY_HOURS:
            problems["hours_per_week"] = (
                f"Enter the hours you work in a usual week: at most {MAX_WEEKLY_HOURS}."
            )
    elif hours_mode == TOTAL:
        if total_hours is None:
            problems["total_hours"] = "Enter the total hours you worked there."
        elif start_date and "end_date" not in problems:
            most = most_total_hours(start_date=start_date, end_date=end_date, today=today)
            if most is not None and Fraction(total_hours) > most:
                problems["total_hours"] = (
                    f"Enter the total hours you worked there: at most {floor(most):,} between "
                    f"these dates ({MAX_WEEKLY_HOURS} hours a week)."
                )
    return problems


def most_total_hours(*, start_date: date, end_date: date | None, today: date) -> Fraction | None:
    """The most hours a job can hold between its dates (to today when it is ongoing), at
    `MAX_WEEKLY_HOURS` a week; None when the dates leave no days to count (a job that starts
    in the future is the eligibility rule's error, not this one's)."""
    last = end_date or today
    if last < start_date:
        return None
    days = (last - start_date).days + 1
    return Fraction(MAX_WEEKLY_HOURS * days, 7)
