"""Checked report rows applied: completions created, rows that match nobody kept as unmatched."""

from collections.abc import Sequence
from datetime import date
from typing import cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, transition
from certify.courses.models import (
    CompletionImport,
    Course,
    CourseCompletion,
    Provider,
    ProviderApiKey,
    UnmatchedCompletion,
)
from certify.courses.services.common import (
    audit_data,
    require_acting_for,
    require_reportable_course,
)
from certify.courses.services.completions.expected import _tell_candidate_to_confirm
from certify.courses.services.completions.recorded import (
    _COMPLETION_RELATED,
    _apply_to_plan,
    _tell_candidate_confirmed,
)
from certify.courses.services.completions.report_check import (
    ReportCounts,
    ReportRow,
    RowOutcome,
    _chunks,
    report_rows_check,
    unmatched_queue_lock,
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
    """Record checked rows: completions the candidate expected are confirmed by the provider's
    report and satisfy the set; the others wait for the candidate; unmatched rows are kept for
    staff. Call inside a transaction.

    The rows are written in bulk, waiting; Certify then moves each one it matched (a move per
    row, as `SYSTEM`: the provider's report is the confirmation when the candidate's plan names
    the course, ADR 0021). A row the reporter made about themselves stays waiting for a
    colleague or staff: nobody confirms their own completion. A report sent with an API key is
    the word of the person who made the key (a key never outranks that person), so a key's
    row about its maker waits too."""
    now = timezone.now()
    reporter = actor if actor is not None else (api_key.created_by if api_key else None)
    counts = ReportCounts()
    ready = [o for o in outcomes if o.result == "ready"]
    expected = {o.application_id for o in ready if o.expected}
    CourseCompletion.objects.bulk_create(
        [
            CourseCompletion(
                course=course,
                application_id=cast(int, o.application_id),
                candidate_id=cast(int, o.candidate_id),
                completed_on=cast(date, o.completed_on),
                source=source,
                reference=o.row.reference.strip()[:100],
                reported_by=reporter,
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
                reported_by=reporter,
                api_key=api_key,
                import_batch=import_batch,
            )
            .select_related(*_COMPLETION_RELATED)
        )
    for completion in created:
        if reporter is not None and completion.candidate_id == reporter.pk:
            continue
        completion.decided_by = actor  # whose report it was
        completion.decided_at = now
        confirmed = completion.application_id in expected
        transition(
            completion,
            "confirm" if confirmed else "ask_candidate",
            actor=SYSTEM,
            data=audit_data(api_key, reported_by=reporter.pk if reporter else None),
            update_fields=["decided_by", "decided_at"],
        )
        if confirmed:
            _apply_to_plan(completion, actor)
            _tell_candidate_confirmed(completion)
        else:
            _tell_candidate_to_confirm(completion)
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
    unmatched = _within_the_queue_limit(course, unmatched)
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
            reported_by=reporter,
            api_key=api_key,
        )
        for o in unmatched
    )
    counts.unmatched = sum(1 for o in outcomes if o.result == "unmatched")
    counts.duplicate = sum(1 for o in outcomes if o.result == "duplicate")
    counts.errors = [o.as_dict() for o in outcomes if o.result == "error"]
    counts.error = len(counts.errors)
    return counts


def queue_full_message(limit: int) -> str:
    return (
        f"Not kept: {limit:,} of your reports that match no candidate already wait for program "
        "staff, the most we keep for one provider. Check the candidate numbers, e-mail "
        "addresses and names against your records (a row matches only a candidate who named "
        "your course in their plan or accepted your invitation), and report this row again "
        "once program staff have worked through the waiting ones."
    )


def unmatched_waiting(provider_id: int) -> int:
    """How many of the provider's reports that matched nobody wait for program staff."""
    return UnmatchedCompletion.objects.filter(
        course__provider_id=provider_id, status=UnmatchedCompletion.Status.OPEN
    ).count()


def _within_the_queue_limit(course: Course, unmatched: list[RowOutcome]) -> list[RowOutcome]:
    """The rows staff's queue has room for (`COURSE_UNMATCHED_OPEN_LIMIT` open rows a provider,
    ADR 0009); the others become errors saying why, in the order reported. The count is taken
    under a lock named for the provider, so two reports at once cannot both fill the last room
    (the check of what was reported before took it already: `report_rows_check`)."""
    if not unmatched:
        return unmatched
    unmatched_queue_lock(course.provider_id)
    limit = settings.COURSE_UNMATCHED_OPEN_LIMIT
    room = max(0, limit - unmatched_waiting(course.provider_id))
    for outcome in unmatched[room:]:
        outcome.result, outcome.field, outcome.message = "error", "", queue_full_message(limit)
    return unmatched[:room]


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
    outcomes = report_rows_check(course=course, rows=rows, keeping=True)
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


@transaction.atomic
def completion_report_one(
    *,
    provider: Provider,
    course: Course,
    actor: User,
    email: str = "",
    candidate_number: str = "",
    full_name: str = "",
    completed_on: str = "",
    reference: str = "",
) -> RowOutcome:
    """One completion reported on the provider's page: a report of one row, checked and recorded
    exactly as a CSV's or the API's rows are (consent, the second fact, the dates a completion
    counts for). A row with a problem, or one already recorded, is refused with the fact it is
    about (`DomainError.field`) and nothing is written; an unmatched one is kept for staff."""
    require_acting_for(provider, actor=actor)
    require_reportable_course(provider, course)
    row = ReportRow(
        line=1,
        email=email,
        candidate_number=candidate_number,
        completed_on=completed_on,
        full_name=full_name,
        reference=reference,
    )
    outcomes, _ = completions_report(
        course=course, rows=[row], actor=actor, source=CourseCompletion.Source.PROVIDER_FORM
    )
    outcome = outcomes[0]
    if outcome.result == "duplicate" and outcome.application_id is None:
        raise DomainError(outcome.message)  # reported before and matched nobody: when, by what
    if outcome.result == "error":
        raise DomainError(outcome.message, field=outcome.field or None)
    if outcome.result == "duplicate":
        raise DomainError(
            f"This candidate's completion of “{course.title}” is already recorded; there is "
            "nothing to report again. It is listed under Completions.",
            field="candidate_number" if candidate_number.strip() and not email.strip() else "email",
        )
    return outcome
