"""The date rules of courses and recognised programmes, in one place, without the database.

- An approval lasts the program's years (LSSCP: 4) and ends the day before that anniversary.
  Its renewal opens a calendar year before its last day.
  A renewal approved while the current period runs starts the day after it ends, so nothing is
  lost by renewing early; one approved after a lapse starts on the day of approval.
- A completion counts when some approval period covers it: from the program's look-back years
  (LSSCP: 2) before the period starts, to the period's last day. So completions before an
  approval expired keep counting after it expired.
- A recognised programme's graduate claims within the program's years (LSSCP: 2) of graduating,
  and the graduation must fall within the recognition agreement.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from certify.applications.api import add_years


def _day(d: date) -> str:
    return f"{d:%B %-d, %Y}"


@dataclass(frozen=True)
class Period:
    starts_on: date
    expires_on: date


def approval_period(*, approved_on: date, years: int, current_expiry: date | None) -> Period:
    """The next approval period for a course approved (or renewed) on `approved_on`."""
    if current_expiry is not None and current_expiry >= approved_on:
        start = current_expiry + timedelta(days=1)
    else:
        start = approved_on
    return Period(start, add_years(start, years) - timedelta(days=1))


def renewal_opens_on(expires_on: date) -> date:
    """A renewal may be submitted from a calendar year before the approval's last day (the same
    day a year earlier; 29 February gives 28 February): 365 days was a day off across a leap
    day."""
    return add_years(expires_on, -1)


def completion_windows(*, periods: Iterable[Period], lookback_years: int) -> list[Period]:
    """The days on which a completion counts, one window per approval period."""
    return [Period(add_years(p.starts_on, -lookback_years), p.expires_on) for p in periods]


def completion_problem(
    *, completed_on: date, periods: Iterable[Period], lookback_years: int, today: date
) -> str | None:
    """Why a completion on `completed_on` does not count, in the reporter's words (or None)."""
    windows = completion_windows(periods=periods, lookback_years=lookback_years)
    return window_problem(
        completed_on=completed_on, windows=windows, lookback_years=lookback_years, today=today
    )


def window_problem(
    *, completed_on: date, windows: list[Period], lookback_years: int, today: date
) -> str | None:
    """`completion_problem` for windows computed once (checking many rows of one course)."""
    if completed_on > today:
        return f"The completion date {_day(completed_on)} is in the future."
    if not windows:
        return "This course is not approved, so its completions do not count yet."
    if any(w.starts_on <= completed_on <= w.expires_on for w in windows):
        return None
    first, last = min(w.starts_on for w in windows), max(w.expires_on for w in windows)
    return (
        f"Completed on {_day(completed_on)}, but completions of this course count from "
        f"{_day(first)} ({lookback_years} years before its approval) to {_day(last)}."
    )


def graduation_problem(
    *,
    graduated_on: date,
    claimed_on: date,
    years: int,
    agreement_starts_on: date,
    agreement_ends_on: date | None,
) -> str | None:
    """Why a graduate cannot claim the programme, in their words; None if they can."""
    if graduated_on > claimed_on:
        return f"The graduation date {_day(graduated_on)} is in the future."
    earliest = add_years(claimed_on, -years)
    if graduated_on < earliest:
        return (
            f"Graduates claim within {years} years of graduating: a graduation on "
            f"{_day(graduated_on)} was more than {years} years ago (the earliest that counts "
            f"today is {_day(earliest)})."
        )
    if graduated_on < agreement_starts_on or (
        agreement_ends_on is not None and graduated_on > agreement_ends_on
    ):
        end = _day(agreement_ends_on) if agreement_ends_on else "today"
        return (
            f"The recognition agreement covers graduations from {_day(agreement_starts_on)} "
            f"to {end}; {_day(graduated_on)} is outside it."
        )
    return None
