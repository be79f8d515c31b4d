"""The rows of a provider's completion report (CSV or API) checked in bulk, without writing."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from certify.accounts.api import proven_owners_by_address
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.locking import name_lock
from certify.core.names import names_match
from certify.courses import periods
from certify.courses.models import (
    Course,
    CourseCompletion,
    ProviderConsent,
    UnmatchedCompletion,
)
from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.services.completions.recorded import (
    IN_CHUNK,
    Result,
    course_periods,
    stopped_words,
)
from certify.programs.api import program_today


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
    expected: bool = False  # the candidate's plan names this course for the set
    field: str = ""  # the fact an error is about (the one-completion form shows it there)

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.row.line,
            "result": self.result,
            "message": self.message,
            "column": self.field,  # the fact's key; a CSV import names it as the file heads it
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
    for written in ("%B %d, %Y", "%d %B %Y"):  # "March 9, 2024" or "9 March 2024"
        try:
            return datetime.strptime(text, written).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            pass
    return None


def _chunks(items: Sequence, size: int = IN_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Match:
    application_id: int
    candidate_id: int
    email: str
    full_name: str = ""
    number_key: str = ""
    expected: bool = False


NOT_MATCHED = (
    "Not matched: kept for program staff. A row matches a candidate who named this course in "
    "their plan or accepted your invitation, by the candidate number or e-mail address and a "
    "second fact (the full name, or the e-mail address)."
)


def _enrolled_by_email(course: Course, emails: set[str]) -> dict[str, _Match]:
    """Staff's look-up (matching by hand): any enrolled candidate of the program, by an address
    they confirmed (ADR 0025's amendment: one they only show may be anyone's)."""
    found: dict[str, _Match] = {}
    for chunk in _chunks(sorted(emails)):
        owners = proven_owners_by_address(chunk)
        rows = Application.objects.filter(
            program_id=course.program_id,
            status=Application.Status.ACCEPTED,
            candidate_id__in=set(owners.values()),
        ).values_list("pk", "candidate_id")
        by_candidate = {candidate_id: pk for pk, candidate_id in rows}
        for email, candidate_id in owners.items():
            if candidate_id in by_candidate:
                found[email] = _Match(by_candidate[candidate_id], candidate_id, email)
    return found


def _enrolled_by_key(course: Course, keys: set[str]) -> dict[str, _Match]:
    """Staff's look-up by candidate number (its own part, `number_key`)."""
    found: dict[str, _Match] = {}
    for chunk in _chunks(sorted(keys)):
        rows = Application.objects.filter(
            program_id=course.program_id,
            status=Application.Status.ACCEPTED,
            number_key__in=chunk,
        ).values_list("pk", "candidate_id", "candidate__email", "number_key")
        for pk, candidate_id, email, key in rows:
            found[key] = _Match(pk, candidate_id, email.lower(), number_key=key)
    return found


def _consenting(
    course: Course, *, emails: set[str], keys: set[str]
) -> tuple[list[_Match], dict[str, _Match]]:
    """The enrolled candidates of the rows who gave this provider consent for the course's set
    (ADR 0021): nobody else can be matched by a provider. A few queries for the whole batch.
    With them, each of `emails` that names one of them: an address the candidate confirmed
    (any of theirs), never one their account only shows (ADR 0025's amendment)."""
    found: dict[int, _Match] = {}
    owners: dict[str, int] = {}
    for chunk in _chunks(sorted(emails)):
        owners |= proven_owners_by_address(chunk)
    base = ProviderConsent.objects.filter(
        provider_id=course.provider_id,
        course__competency_set_id=course.competency_set_id,
        status=ProviderConsent.Status.ACCEPTED,
        application__status=Application.Status.ACCEPTED,
        application__program_id=course.program_id,
    )
    fields = (
        "application_id",
        "candidate_id",
        "candidate__email",
        "candidate__full_name",
        "application__number_key",
        "source",
        "course_id",
    )
    lookups: list[tuple[str, list[Any]]] = [
        ("candidate_id__in", sorted(set(owners.values()))),
        ("application__number_key__in", sorted(keys)),
    ]
    for lookup, values in lookups:
        for chunk in _chunks(values):
            for app_id, cand_id, email, name, key, source, course_id in base.filter(
                **{lookup: chunk}
            ).values_list(*fields):
                match = found.setdefault(
                    app_id, _Match(app_id, cand_id, email.lower(), name or "", key)
                )
                if source == ProviderConsent.Source.PLAN and course_id == course.pk:
                    match.expected = True
    by_candidate = {m.candidate_id: m for m in found.values()}
    by_email = {a: by_candidate[c] for a, c in owners.items() if c in by_candidate}
    return list(found.values()), by_email


def report_rows_check(
    *,
    course: Course,
    rows: Sequence[ReportRow],
    today: date | None = None,
    seen: dict[int | str, int] | None = None,
    import_batch_id: int | None = None,
    keeping: bool = False,
) -> list[RowOutcome]:
    """Decide each reported row: ready to record, already recorded, unmatched (kept for staff),
    or an error in the reporter's words. A few queries for the whole batch, none per row.

    `seen` (application id, or a not-matched row's key → line) carries candidates and rows
    already met in earlier chunks of a file.
    A row that matches nobody but was reported before for this course (the same completion date
    and candidate number or e-mail address), by any import, the API or the form, whatever staff
    did with it, is a duplicate saying when: never a second row for staff. `import_batch_id`
    leaves out the rows this import kept itself (a run again after an interruption skips those
    by their line). `keeping`: the rows are kept in this transaction (not a preview), so the
    look for rows reported before is made under the provider's lock (`unmatched_queue_lock`).
    """
    today = today or program_today(course.program)
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

    emails, keys = set(), set()
    for row in rows:
        if row.email.strip():
            emails.add(row.email.strip().lower())
        parsed = candidate_number_parse(row.candidate_number)
        if parsed and parsed[0] == prefix:
            keys.add(parsed[1])
    consenting, by_email = _consenting(course, emails=emails, keys=keys)
    by_key = {m.number_key: m for m in consenting}
    recorded: dict[int, str] = {}
    for chunk in _chunks(sorted(m.application_id for m in consenting)):
        for app_id, created_at, batch_id in (
            CourseCompletion.objects.filter(course=course, application_id__in=chunk)
            .exclude(status=CourseCompletion.Status.REJECTED)
            .values_list("application_id", "created_at", "import_batch_id")
        ):
            recorded[app_id] = _when(created_at, batch_id)

    outcomes = []
    for row in rows:
        outcomes.append(
            _check_row(
                row,
                course=course,
                prefix=prefix,
                windows=windows,
                by_email=by_email,
                by_key=by_key,
                recorded=recorded,
                seen=seen,
                today=today,
            )
        )
    _mark_reported_before(
        course, outcomes, seen=seen, import_batch_id=import_batch_id, keeping=keeping
    )
    return outcomes


def _when(created_at: datetime, import_batch_id: int | None) -> str:
    """“on March 3, 2026 (import 12)”: when a report was made, and by which import."""
    day = timezone.localtime(created_at).date()
    return f"on {day:%B %-d, %Y}" + (f" (import {import_batch_id})" if import_batch_id else "")


_REPORTED_BEFORE: dict[str, str] = {
    UnmatchedCompletion.Status.OPEN: "program staff have it and will match it to the candidate",
    UnmatchedCompletion.Status.MATCHED: "program staff matched it to the candidate",
    UnmatchedCompletion.Status.DISMISSED: "program staff looked at it and closed it",
}


def unmatched_queue_lock(provider_id: int) -> None:
    """The lock over a provider's not-matched rows, from the check of what was reported before
    to the rows kept and counted against the cap (ADR 0009): two reports at once take turns."""
    name_lock(f"courses.unmatched_queue.{provider_id}")


def _mark_reported_before(
    course: Course,
    outcomes: list[RowOutcome],
    *,
    seen: dict[int | str, int],
    import_batch_id: int | None,
    keeping: bool,
) -> None:
    """Unmatched rows reported before (ADR 0009): duplicates saying when, in two queries; the
    same one twice in this report (`seen`, by candidate number or e-mail address and date):
    an error naming the first line."""
    unmatched = [o for o in outcomes if o.result == "unmatched"]
    if not unmatched:
        return
    if keeping:  # held until the rows are kept: a report at the same moment waits, then
        unmatched_queue_lock(course.provider_id)  # finds these rows as reported before
    emails = {o.row.email.strip().lower() for o in unmatched} - {""}
    numbers = {o.row.candidate_number.strip().upper() for o in unmatched} - {""}
    dates = {cast(date, o.completed_on) for o in unmatched}
    earlier: dict[tuple[str, str, date], tuple[str, str]] = {}
    base = (
        UnmatchedCompletion.objects.filter(course=course, completed_on__in=dates)
        .annotate(email_key=Lower("email"), number_key=Upper("candidate_number"))
        .order_by("created_at", "pk")
    )
    if import_batch_id is not None:
        base = base.filter(~Q(import_batch_id=import_batch_id) | Q(import_batch_id=None))
    for kind, values in (("email_key", sorted(emails)), ("number_key", sorted(numbers))):
        for chunk in _chunks(values):
            for key, day, created_at, batch_id, status in base.filter(
                **{f"{kind}__in": chunk}
            ).values_list(kind, "completed_on", "created_at", "import_batch_id", "status"):
                earlier.setdefault((kind, key, day), (_when(created_at, batch_id), status))
    for outcome in unmatched:
        day = cast(date, outcome.completed_on)
        found = earlier.get(
            ("number_key", outcome.row.candidate_number.strip().upper(), day)
        ) or earlier.get(("email_key", outcome.row.email.strip().lower(), day))
        if found:
            when, status = found
            outcome.result = "duplicate"
            outcome.message = (
                f"Already reported {when}: {_REPORTED_BEFORE.get(status, 'program staff have it')}"
                "; nothing to report again."
            )
            continue
        number = outcome.row.candidate_number.strip().upper()
        email = outcome.row.email.strip().lower()
        keys = [f"number:{number}:{day}"] * bool(number) + [f"email:{email}:{day}"] * bool(email)
        line = next((seen[key] for key in keys if key in seen), None)
        if line is not None:  # the same row twice in one report: staff get it once
            outcome.result, outcome.field = "error", "email" if email else "candidate_number"
            outcome.message = (
                f"The same completion is on line {line}: report each candidate once, so remove "
                "one of the two rows."
            )
            continue
        for key in keys:
            seen[key] = outcome.row.line


def _check_row(
    row: ReportRow,
    *,
    course: Course,
    prefix: str,
    windows: list[periods.Period],
    by_email: dict[str, _Match],
    by_key: dict[str, _Match],
    recorded: dict[int, str],
    seen: dict[int | str, int],
    today: date,
) -> RowOutcome:
    def error(message: str, field: str) -> RowOutcome:
        return RowOutcome(row, "error", message, field=field)

    email = row.email.strip().lower()
    number = row.candidate_number.strip()
    if not email and not number:
        return error("Give the candidate's candidate number or e-mail address.", "email")
    if sum(1 for fact in (email, number, row.full_name.strip()) if fact) < 2:
        return error(
            "Give a second fact with the candidate number or e-mail address: the candidate's "
            "full name as they wrote it, or both the number and the e-mail address.",
            "full_name",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return error(
                f"“{row.email.strip()}” is not a valid e-mail address: write the whole address "
                "the candidate gave, like dana@example.org, or give their candidate number "
                "instead.",
                "email",
            )
    parsed = candidate_number_parse(number) if number else None
    if number and parsed is None:
        return error(
            f"“{number}” is not a candidate number (they look like {prefix}-C-7K3Q9M2X): "
            "check it with the candidate, or give their e-mail address instead.",
            "candidate_number",
        )
    if parsed and parsed[0] != prefix:
        return error(
            f"“{number}” is a candidate number of another program, not {prefix}: this course "
            f"counts for {prefix} candidates only, so remove the row.",
            "candidate_number",
        )
    if not row.completed_on.strip():
        return error("Give the completion date.", "completed_on")
    completed_on = parse_report_date(row.completed_on)
    if completed_on is None:
        return error(
            f"“{row.completed_on.strip()}” is not a date we understand; write it as "
            "2026-03-31 (year-month-day).",
            "completed_on",
        )
    problem = periods.window_problem(
        completed_on=completed_on,
        windows=windows,
        lookback_years=course.program.course_completion_lookback_years,
        today=today,
    )
    if problem:
        last = max(w.expires_on for w in windows)
        stopped = stopped_words(course, completed_on)
        if stopped and completed_on <= today:
            problem += stopped
        elif last < completed_on <= today:  # the approval ended: the provider can renew it
            problem += (
                f" The approval of this course ended on {last:%B %-d, %Y}: renew it "
                "from the course's page to report completions after that day."
            )
        return error(problem, "completed_on")

    match = _row_match(
        row, email=email, key=parsed[1] if parsed else "", by_email=by_email, by_key=by_key
    )
    if match is None:
        # The same words whatever failed (no such number, another provider's candidate, no
        # consent, a name that differs): a report reveals nothing about anyone.
        return RowOutcome(row, "unmatched", NOT_MATCHED, completed_on=completed_on)
    if match.application_id in seen:
        return error(
            f"The same candidate is on line {seen[match.application_id]}: report each candidate "
            "once, so remove one of the two rows.",
            "email" if email else "candidate_number",
        )
    seen[match.application_id] = row.line
    if match.application_id in recorded:
        return RowOutcome(
            row,
            "duplicate",
            f"Already recorded for this candidate {recorded[match.application_id]}; nothing to do.",
            completed_on=completed_on,
            application_id=match.application_id,
            candidate_id=match.candidate_id,
        )
    return RowOutcome(
        row,
        "ready",
        "" if match.expected else "The candidate confirms it before it counts.",
        completed_on=completed_on,
        application_id=match.application_id,
        candidate_id=match.candidate_id,
        expected=match.expected,
    )


def _row_match(
    row: ReportRow,
    *,
    email: str,
    key: str,
    by_email: dict[str, _Match],
    by_key: dict[str, _Match],
) -> _Match | None:
    """The consenting candidate every fact the row gives points to, or None: the number and the
    e-mail address (each when given) name the same candidate, and a full name, when given, is
    theirs (case, accents and word order aside). The row gave two facts at least."""
    given = [by_key.get(key) if key else None, by_email.get(email) if email else None]
    given = [f for f, text in zip(given, (key, email), strict=True) if text]
    match = given[0] if given else None
    if match is None or any(f is not match for f in given):
        return None
    name = row.full_name.strip()
    if name and not names_match(name, match.full_name):
        return None
    return match
