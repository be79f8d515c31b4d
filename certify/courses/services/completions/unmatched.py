"""Unmatched report rows: matched to an enrolled candidate by staff, or dismissed with a reason."""

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.workflow import check, transition
from certify.courses.models import (
    Course,
    CourseCompletion,
    UnmatchedCompletion,
)
from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.services.completions.expected import (
    _tell_candidate_to_confirm,
    completion_expected,
)
from certify.courses.services.completions.recorded import (
    _apply_to_plan,
    _locked,
    _tell_candidate_confirmed,
)
from certify.courses.services.completions.report_check import (
    _enrolled_by_email,
    _enrolled_by_key,
    _Match,
)


def _find_enrolled(course: Course, who: str) -> _Match | None:
    who = who.strip()
    parsed = candidate_number_parse(who)
    if parsed and parsed[0] == program_prefix(course.program.short_name):
        return _enrolled_by_key(course, {parsed[1]}).get(parsed[1])
    return _enrolled_by_email(course, {who.lower()}).get(who.lower())


@transaction.atomic
def unmatched_match(
    *, row: UnmatchedCompletion, actor: User, candidate: str, note: str = ""
) -> CourseCompletion:
    """Staff find the candidate (by e-mail or candidate number) and record the completion, with
    the reason they are sure it is theirs. Who may match is checked first, so nobody else learns
    who is enrolled; the completion's own move refuses staff who would confirm their own.

    A completion the candidate expected (their plan names this course for the set) is confirmed;
    any other waits for the candidate, who is told, or for other staff (ADR 0021)."""
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
    expected = completion_expected(completion)
    transition(
        completion,
        "confirm" if expected else "ask_candidate",
        actor=actor,
        reason=note,
        data={"unmatched": row.pk},
    )
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
    if expected:
        _apply_to_plan(completion, actor)
        _tell_candidate_confirmed(completion)
    else:
        _tell_candidate_to_confirm(completion)
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
