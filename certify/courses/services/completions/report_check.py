"""The rows of a provider's completion report (CSV or API) checked in bulk, without writing."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.courses import periods
from certify.courses.models import (
    Course,
    CourseCompletion,
)
from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.services.completions.recorded import IN_CHUNK, Result, course_periods


@dataclass
class ReportRow:
    """One reported completion as the provider gave it (text, not yet checked)."""

    line: int
    email: str = ""
    candidate_number: str = ""
    completed_on: str = ""
    full_name: str = ""
    reference: str = ""

    def values(self) -> dict[str, str]:
        return {
            "email": self.email,
            "candidate_number": self.candidate_number,
            "completed_on": self.completed_on,
            "full_name": self.full_name,
            "reference": self.reference,
        }


@dataclass
class RowOutcome:
    row: ReportRow
    result: Result
    message: str = ""
    completed_on: date | None = None
    application_id: int | None = None
    candidate_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.row.line,
            "result": self.result,
            "message": self.message,
            **self.row.values(),
        }


@dataclass
class ReportCounts:
    created: int = 0
    duplicate: int = 0
    unmatched: int = 0
    error: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_report_date(text: str) -> date | None:
    """2026-03-31 (preferred) or 3/31/2026 (month first, as US spreadsheets write it)."""
    text = (text or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _US_DATE.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:
        return datetime.strptime(text, "%d %B %Y").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        return None


def _chunks(items: Sequence, size: int = IN_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Match:
    application_id: int
    candidate_id: int
    email: str


def _enrolled_by_email(course: Course, emails: set[str]) -> dict[str, _Match]:
    found: dict[str, _Match] = {}
    for chunk in _chunks(sorted(emails)):
        rows = Application.objects.filter(
            program_id=course.program_id,
            status=Application.Status.ACCEPTED,
            candidate__email__in=chunk,
        ).values_list("pk", "candidate_id", "candidate__email")
        for pk, candidate_id, email in rows:
            found[email.lower()] = _Match(pk, candidate_id, email.lower())
    return found


def _enrolled_by_id(course: Course, ids: set[int]) -> dict[int, _Match]:
    found: dict[int, _Match] = {}
    for chunk in _chunks(sorted(ids)):
        rows = Application.objects.filter(
            program_id=course.program_id, status=Application.Status.ACCEPTED, pk__in=chunk
        ).values_list("pk", "candidate_id", "candidate__email")
        for pk, candidate_id, email in rows:
            found[pk] = _Match(pk, candidate_id, email.lower())
    return found


def report_rows_check(
    *,
    course: Course,
    rows: Sequence[ReportRow],
    today: date | None = None,
    seen: dict[int, int] | None = None,
) -> list[RowOutcome]:
    """Decide each reported row: ready to record, already recorded, unmatched (kept for staff),
    or an error in the reporter's words. A few queries for the whole batch, none per row.

    `seen` (application id → line) carries candidates already met in earlier chunks of a file.
    """
    today = today or timezone.localdate()
    seen = {} if seen is None else seen
    prefix = program_prefix(course.program.short_name)
    windows = periods.completion_windows(
        periods=course_periods(course),
        lookback_years=course.program.course_completion_lookback_years,
    )
    if not windows:
        raise DomainError(
            f"“{course.title}” is not approved yet; report its completions once it is."
        )

    emails, ids = set(), set()
    for row in rows:
        if row.email.strip():
            emails.add(row.email.strip().lower())
        parsed = candidate_number_parse(row.candidate_number)
        if parsed and parsed[0] == prefix:
            ids.add(parsed[1])
    by_email = _enrolled_by_email(course, emails)
    by_id = _enrolled_by_id(course, ids)
    matched_ids = {m.application_id for m in [*by_email.values(), *by_id.values()]}
    recorded: set[int] = set()
    for chunk in _chunks(sorted(matched_ids)):
        recorded.update(
            CourseCompletion.objects.filter(course=course, application_id__in=chunk)
            .exclude(status=CourseCompletion.Status.REJECTED)
            .values_list("application_id", flat=True)
        )

    outcomes = []
    for row in rows:
        outcomes.append(
            _check_row(
                row,
                course=course,
                prefix=prefix,
                windows=windows,
                by_email=by_email,
                by_id=by_id,
                recorded=recorded,
                seen=seen,
                today=today,
            )
        )
    return outcomes


def _check_row(
    row: ReportRow,
    *,
    course: Course,
    prefix: str,
    windows: list[periods.Period],
    by_email: dict[str, _Match],
    by_id: dict[int, _Match],
    recorded: set[int],
    seen: dict[int, int],
    today: date,
) -> RowOutcome:
    def error(message: str) -> RowOutcome:
        return RowOutcome(row, "error", message)

    email = row.email.strip().lower()
    number = row.candidate_number.strip()
    if not email and not number:
        return error("Give the candidate's e-mail address or candidate number.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return error(f"“{row.email.strip()}” is not a valid e-mail address.")
    parsed = candidate_number_parse(number) if number else None
    if number and parsed is None:
        return error(f"“{number}” is not a candidate number (they look like {prefix}-C-000123).")
    if parsed and parsed[0] != prefix:
        return error(f"“{number}” is a candidate number of another program, not {prefix}.")
    if not row.completed_on.strip():
        return error("Give the completion date.")
    completed_on = parse_report_date(row.completed_on)
    if completed_on is None:
        return error(
            f"“{row.completed_on.strip()}” is not a date we understand; write it as "
            "2026-03-31 (year-month-day)."
        )
    problem = periods.window_problem(
        completed_on=completed_on,
        windows=windows,
        lookback_years=course.program.course_completion_lookback_years,
        today=today,
    )
    if problem:
        return error(problem)

    match_email = by_email.get(email) if email else None
    match_number = by_id.get(parsed[1]) if parsed else None
    if match_email and match_number and match_email.application_id != match_number.application_id:
        return error(
            f"The e-mail address and the candidate number belong to two different candidates "
            f"({email} and {number})."
        )
    match = match_email or match_number
    if match is None:
        return RowOutcome(
            row,
            "unmatched",
            "No enrolled candidate has this e-mail address or candidate number; kept for "
            "program staff to match.",
            completed_on=completed_on,
        )
    if match.application_id in seen:
        return error(f"The same candidate is on line {seen[match.application_id]}.")
    seen[match.application_id] = row.line
    if match.application_id in recorded:
        return RowOutcome(
            row,
            "duplicate",
            "Already recorded for this candidate; nothing to do.",
            completed_on=completed_on,
            application_id=match.application_id,
            candidate_id=match.candidate_id,
        )
    return RowOutcome(
        row,
        "ready",
        "",
        completed_on=completed_on,
        application_id=match.application_id,
        candidate_id=match.candidate_id,
    )
