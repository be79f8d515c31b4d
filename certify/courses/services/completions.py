"""Course completions: recorded by candidates, reported by providers, confirmed, and applied to
the candidate's plan. Reports (CSV and API) share one row check that reads in bulk."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check, transition
from certify.courses import periods
from certify.courses.models import (
    CompletionImport,
    Course,
    CourseCompletion,
    ProviderApiKey,
    UnmatchedCompletion,
)
from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.services.common import (
    audit_data,
    require_acting_for,
    store_checked_file,
)
from certify.notifications.api import notify
from certify.progress.api import planned_set_for, planned_set_satisfy, planned_set_start
from certify.progress.models import PlannedSet

IN_CHUNK = 500  # ids per `IN (…)` query, well below every database's parameter limit


def _day(d: date) -> str:
    return f"{d:%-d %B %Y}"


def course_periods(course: Course) -> list[periods.Period]:
    return [periods.Period(a.starts_on, a.expires_on) for a in course.approvals.all()]


def _date_problem(course: Course, completed_on: date, today: date) -> str | None:
    return periods.completion_problem(
        completed_on=completed_on,
        periods=course_periods(course),
        lookback_years=course.program.course_completion_lookback_years,
        today=today,
    )


# --- Applying a confirmed completion to the plan ------------------------------------------------


def _apply_to_plan(completion: CourseCompletion, actor: User | None) -> bool:
    """Satisfy the course's set in the candidate's plan. False when the set is not in the plan
    (an elective not chosen yet): the candidate can apply it later."""
    course = completion.course
    planned = planned_set_for(
        application=completion.application, competency_set=course.competency_set
    )
    if planned is None:
        return False
    planned_set_satisfy(
        planned=planned,
        actor=actor,
        route=PlannedSet.Route.COURSE,
        evidence=(
            f"{course.title} ({course.provider.name}), completed {_day(completion.completed_on)}"
        ),
    )
    completion.applied_at = timezone.now()
    completion.save(update_fields=["applied_at"])
    return True


def _tell_candidate_confirmed(completion: CourseCompletion) -> None:
    course = completion.course
    notify(
        recipient=completion.candidate,
        event="course.completion_confirmed",
        context={
            "program": course.program,
            "course_title": course.title,
            "set_name": course.competency_set.name,
        },
        link="/plan/",
    )


# --- The candidate records a completion ---------------------------------------------------------


@transaction.atomic
def completion_record(
    *,
    planned: PlannedSet,
    actor: User,
    course: Course,
    completed_on: date,
    certificate: UploadedFile | None,
    today: date | None = None,
) -> CourseCompletion:
    """A candidate on the course route records a completion with the provider-signed certificate;
    the provider or staff then confirm it."""
    today = today or timezone.localdate()
    planned = (
        PlannedSet.objects.select_for_update()
        .select_related("application", "competency_set")
        .get(pk=planned.pk)
    )
    application = planned.application
    if application.candidate_id != actor.pk:
        raise DomainError("This is not your plan.")
    if application.status != Application.Status.ACCEPTED:
        raise DomainError("Completions are recorded once your application is accepted.")
    if planned.route != PlannedSet.Route.COURSE:
        raise DomainError("Choose the approved-course route for this set first.")
    if planned.is_satisfied:
        raise DomainError(f"{planned.competency_set.name} is already complete.")
    if course.competency_set_id != planned.competency_set_id or not course.ever_approved:
        raise DomainError(
            f"“{course.title}” is not an approved course for {planned.competency_set.name}.",
            field="course",
        )
    problem = _date_problem(course, completed_on, today)
    if problem:
        raise DomainError(problem, field="completed_on")
    existing = CourseCompletion.objects.filter(course=course, application=application).exclude(
        status=CourseCompletion.Status.REJECTED
    )
    if existing.exists():
        raise DomainError(
            f"You have already recorded “{course.title}” "
            f"({existing[0].get_status_display().lower()}).",
            field="course",
        )
    if certificate is None:
        raise DomainError(
            "Upload the completion certificate your provider signed.", field="certificate"
        )
    completion = CourseCompletion(
        course=course,
        application=application,
        candidate=actor,
        completed_on=completed_on,
        source=CourseCompletion.Source.CANDIDATE,
        reported_by=actor,
    )
    store_checked_file(
        instance=completion, field="certificate", upload=certificate, error_field="certificate"
    )
    try:
        completion.save()
    except Exception:
        completion.certificate.delete(save=False)
        raise
    planned_set_start(planned=planned)
    audit_record(
        actor=actor,
        verb="course.completion_recorded",
        target=completion,
        data={"course": course.pk, "completed_on": completed_on.isoformat()},
    )
    return completion


_COMPLETION_RELATED = (
    "course__provider",
    "course__program",
    "course__competency_set",
    "application",
    "candidate",
)


def _locked(completion: CourseCompletion) -> CourseCompletion:
    return row_lock(completion, *_COMPLETION_RELATED)


@transaction.atomic
def completion_confirm(*, completion: CourseCompletion, actor: User) -> CourseCompletion:
    """The provider or staff confirm a completion: the set is satisfied in the plan."""
    completion = _locked(completion)
    completion.decided_by = actor
    completion.decided_at = timezone.now()
    transition(completion, "confirm", actor=actor, update_fields=["decided_by", "decided_at"])
    _apply_to_plan(completion, actor)
    _tell_candidate_confirmed(completion)
    return completion


@transaction.atomic
def completion_reject(
    *, completion: CourseCompletion, actor: User, reason: str
) -> CourseCompletion:
    completion = _locked(completion)
    completion.decided_by = actor
    completion.decided_at = timezone.now()
    completion.decision_reason = reason.strip()
    transition(
        completion,
        "reject",
        actor=actor,
        reason=reason,
        update_fields=["decided_by", "decided_at", "decision_reason"],
    )
    notify(
        recipient=completion.candidate,
        event="course.completion_rejected",
        context={
            "program": completion.course.program,
            "course_title": completion.course.title,
            "reason": reason.strip(),
        },
        link="/plan/",
    )
    return completion


@transaction.atomic
def completion_apply(*, completion: CourseCompletion, actor: User) -> bool:
    """The candidate applies a confirmed completion to their plan (after choosing the elective)."""
    completion = _locked(completion)
    if completion.candidate_id != actor.pk:
        raise DomainError("This is not your completion.")
    if completion.status != CourseCompletion.Status.CONFIRMED:
        raise DomainError("Only a confirmed completion counts toward your plan.")
    if not _apply_to_plan(completion, actor):
        raise DomainError(
            f"{completion.course.competency_set.name} is not in your plan: choose it as an "
            "elective first."
        )
    return True


# --- Provider reports: one row check for CSV and API --------------------------------------------

Result = Literal["ready", "duplicate", "unmatched", "error"]


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


def report_outcomes_apply(
    *,
    course: Course,
    outcomes: Sequence[RowOutcome],
    source: str,
    actor: User | None,
    api_key: ProviderApiKey | None = None,
    import_batch: CompletionImport | None = None,
) -> ReportCounts:
    """Record checked rows: completions the provider reports are confirmed by that report and
    satisfy the set; unmatched rows are kept for staff. Call inside a transaction.

    The rows are written in bulk, waiting; Certify then confirms each one it matched (a move per
    row, as `SYSTEM`: the provider's report is the confirmation). A row the reporter made about
    themselves stays waiting for a colleague or staff: nobody confirms their own completion."""
    now = timezone.now()
    counts = ReportCounts()
    ready = [o for o in outcomes if o.result == "ready"]
    CourseCompletion.objects.bulk_create(
        [
            CourseCompletion(
                course=course,
                application_id=cast(int, o.application_id),
                candidate_id=cast(int, o.candidate_id),
                completed_on=cast(date, o.completed_on),
                source=source,
                reference=o.row.reference.strip()[:100],
                reported_by=actor,
                api_key=api_key,
                import_batch=import_batch,
            )
            for o in ready
        ],
        ignore_conflicts=True,  # recorded at the same moment by someone else: keep theirs
    )
    created: list[CourseCompletion] = []
    for chunk in _chunks([o.application_id for o in ready]):
        created.extend(
            CourseCompletion.objects.select_for_update(of=("self",))
            .filter(
                course=course,
                application_id__in=chunk,
                status=CourseCompletion.Status.PENDING,
                source=source,
                reported_by=actor,
                api_key=api_key,
                import_batch=import_batch,
            )
            .select_related(*_COMPLETION_RELATED)
        )
    for completion in created:
        if actor is not None and completion.candidate_id == actor.pk:
            continue
        completion.decided_by = actor  # whose report it was
        completion.decided_at = now
        transition(
            completion,
            "confirm",
            actor=SYSTEM,
            data=audit_data(api_key, reported_by=actor.pk if actor else None),
            update_fields=["decided_by", "decided_at"],
        )
        _apply_to_plan(completion, actor)
        _tell_candidate_confirmed(completion)
    counts.created = len(created)

    unmatched = [o for o in outcomes if o.result == "unmatched"]
    if import_batch is not None and unmatched:
        # A re-run after an interruption must not keep the same row twice.
        already = set(
            UnmatchedCompletion.objects.filter(
                import_batch=import_batch, line__in=[o.row.line for o in unmatched]
            ).values_list("line", flat=True)
        )
        unmatched = [o for o in unmatched if o.row.line not in already]
    UnmatchedCompletion.objects.bulk_create(
        UnmatchedCompletion(
            course=course,
            email=o.row.email.strip()[:254],
            candidate_number=o.row.candidate_number.strip()[:40],
            full_name=o.row.full_name.strip()[:200],
            completed_on=cast(date, o.completed_on),
            reference=o.row.reference.strip()[:100],
            source=source,
            line=o.row.line if import_batch is not None else None,
            import_batch=import_batch,
            reported_by=actor,
            api_key=api_key,
        )
        for o in unmatched
    )
    counts.unmatched = sum(1 for o in outcomes if o.result == "unmatched")
    counts.duplicate = sum(1 for o in outcomes if o.result == "duplicate")
    counts.errors = [o.as_dict() for o in outcomes if o.result == "error"]
    counts.error = len(counts.errors)
    return counts


@transaction.atomic
def completions_report(
    *,
    course: Course,
    rows: Sequence[ReportRow],
    actor: User | None,
    api_key: ProviderApiKey | None = None,
    source: str = CourseCompletion.Source.PROVIDER_API,
) -> tuple[list[RowOutcome], ReportCounts]:
    """A provider reports a batch of completions at once (the API's way); rows with errors are
    returned to the caller, everything else is recorded or kept for staff."""
    course = Course.objects.select_related("provider", "program", "competency_set").get(
        pk=course.pk
    )
    require_acting_for(course.provider, actor=actor, api_key=api_key)
    outcomes = report_rows_check(course=course, rows=rows)
    counts = report_outcomes_apply(
        course=course, outcomes=outcomes, source=source, actor=actor, api_key=api_key
    )
    audit_record(
        actor=actor,
        verb="course.completions_reported",
        target=course,
        data=audit_data(
            api_key,
            rows=len(rows),
            created=counts.created,
            duplicate=counts.duplicate,
            unmatched=counts.unmatched,
            error=counts.error,
        ),
    )
    return outcomes, counts


# --- Unmatched rows: staff match or dismiss them -----------------------------------------------


def _find_enrolled(course: Course, who: str) -> _Match | None:
    who = who.strip()
    parsed = candidate_number_parse(who)
    if parsed and parsed[0] == program_prefix(course.program.short_name):
        return _enrolled_by_id(course, {parsed[1]}).get(parsed[1])
    return _enrolled_by_email(course, {who.lower()}).get(who.lower())


@transaction.atomic
def unmatched_match(
    *, row: UnmatchedCompletion, actor: User, candidate: str, note: str = ""
) -> CourseCompletion:
    """Staff find the candidate (by e-mail or candidate number) and record the completion, with
    the reason they are sure it is theirs. Who may match is checked first, so nobody else learns
    who is enrolled; the completion's own move refuses staff who would confirm their own."""
    row = row_lock(row, "course__program", "course__provider", "course__competency_set")
    check(row, "match", actor=actor, reason=note)
    course = row.course
    match = _find_enrolled(course, candidate)
    if match is None:
        raise DomainError(
            f"No enrolled candidate of {course.program.short_name} has the e-mail address or "
            f"candidate number “{candidate.strip()}”.",
            field="candidate",
        )
    if (
        CourseCompletion.objects.filter(course=course, application_id=match.application_id)
        .exclude(status=CourseCompletion.Status.REJECTED)
        .exists()
    ):
        raise DomainError("This candidate's completion of the course is already recorded.")
    completion = CourseCompletion.objects.create(
        course=course,
        application_id=match.application_id,
        candidate_id=match.candidate_id,
        completed_on=row.completed_on,
        source=CourseCompletion.Source.STAFF,
        reference=row.reference,
        reported_by=row.reported_by,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_reason=note.strip(),
    )
    completion = _locked(completion)
    transition(completion, "confirm", actor=actor, reason=note, data={"unmatched": row.pk})
    row.completion = completion
    row.resolved_by = actor
    row.resolved_at = completion.decided_at
    row.resolution_note = note.strip()
    transition(
        row,
        "match",
        actor=actor,
        reason=note,
        data={"completion": completion.pk},
        update_fields=["completion", "resolved_by", "resolved_at", "resolution_note"],
    )
    _apply_to_plan(completion, actor)
    _tell_candidate_confirmed(completion)
    return completion


@transaction.atomic
def unmatched_dismiss(*, row: UnmatchedCompletion, actor: User, reason: str) -> UnmatchedCompletion:
    row = row_lock(row, "course")
    row.resolved_by = actor
    row.resolved_at = timezone.now()
    row.resolution_note = reason.strip()
    transition(
        row,
        "dismiss",
        actor=actor,
        reason=reason,
        update_fields=["resolved_by", "resolved_at", "resolution_note"],
    )
    return row
