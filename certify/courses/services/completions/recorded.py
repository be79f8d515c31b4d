"""Completions recorded by candidates, confirmed or rejected, and applied to their plan."""

from datetime import date, timedelta
from typing import Literal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import transition
from certify.courses import periods
from certify.courses.models import (
    Course,
    CourseCompletion,
)
from certify.courses.services.common import (
    own_accepted_plan_locked,
    store_checked_file,
)
from certify.notifications.api import notify
from certify.programs.api import program_today
from certify.progress.api import (
    deadline_covers,
    deadline_require_open,
    deadline_text,
    planned_set_for,
    planned_set_satisfy,
    planned_set_start,
)
from certify.progress.models import PlannedSet

IN_CHUNK = 500  # ids per `IN (…)` query, well below every database's parameter limit


COMPLETED_ON_REQUIRED = "Enter the completion date."


def _day(d: date) -> str:
    return f"{d:%B %-d, %Y}"


def course_periods(course: Course) -> list[periods.Period]:
    """The course's approval periods; a suspended or revoked approval ends the day before it was
    stopped (completions before it still count, from the look-back before each period)."""
    stopped = course.approval_stopped_on
    last = stopped - timedelta(days=1) if stopped else None
    return [
        periods.Period(a.starts_on, a.expires_on if last is None else min(a.expires_on, last))
        for a in course.approvals.all()
    ]


def stopped_words(course: Course, completed_on: date) -> str:
    """Why a completion dated from a stop on is refused, in plain words ("" if it is not)."""
    stopped = course.approval_stopped_on
    if stopped is None or completed_on < stopped:
        return ""
    how = "revoked" if course.status == Course.Status.REVOKED else "suspended"
    return (
        f" Program staff {how} the approval of “{course.title}” on {_day(stopped)}: completions "
        f"dated from that day on do not count; those before it still do."
    )


def _date_problem(course: Course, completed_on: date, today: date) -> str | None:
    problem = periods.completion_problem(
        completed_on=completed_on,
        periods=course_periods(course),
        lookback_years=course.program.course_completion_lookback_years,
        today=today,
    )
    return problem + stopped_words(course, completed_on) if problem else None


# --- Applying a confirmed completion to the plan ------------------------------------------------


def _after_deadline(completion: CourseCompletion) -> bool:
    """Completed after the candidate's deadline as it stands (ADR 0073): confirmed, but it
    counts only once staff extend the deadline past that day (then the candidate applies it)."""
    return not deadline_covers(application=completion.application, day=completion.completed_on)


def _apply_to_plan(completion: CourseCompletion, actor: User | None) -> bool:
    """Satisfy the course's set in the candidate's plan. False when the set is not in the plan
    (an elective not chosen yet) or the course was completed after the deadline: the candidate
    can apply it later (after choosing the elective, or after an extension)."""
    course = completion.course
    if _after_deadline(completion):
        return False
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
    completed_on: date | None,
    certificate: UploadedFile | None,
    today: date | None = None,
) -> CourseCompletion:
    """A candidate on the course route records a completion with the provider-signed certificate;
    the provider or staff then confirm it."""
    today = today or program_today(course.program)
    planned = own_accepted_plan_locked(
        planned,
        actor=actor,
        not_yet="Completions are recorded once your application is accepted.",
    )
    application = planned.application
    deadline_require_open(application=application, today=today)
    if planned.route != PlannedSet.Route.COURSE:
        raise DomainError("Choose the approved-course route for this set first.")
    if planned.is_satisfied:
        raise DomainError(f"{planned.competency_set.name} is already complete.")
    if not course.competency_set.is_same_set(planned.competency_set) or not course.ever_approved:
        raise DomainError(
            f"“{course.title}” is not an approved course for {planned.competency_set.name}.",
            field="course",
        )
    if completed_on is None:  # left out (the API); the form says it in the same words
        raise DomainError(COMPLETED_ON_REQUIRED, field="completed_on")
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
    deadline = completion.application.completion_deadline
    if deadline is not None and _after_deadline(completion):
        raise DomainError(
            f"You completed “{completion.course.title}” on {_day(completion.completed_on)}, "
            "after your deadline. " + deadline_text(deadline)
        )
    if not _apply_to_plan(completion, actor):
        raise DomainError(
            f"{completion.course.competency_set.name} is not in your plan: choose it as an "
            "elective first."
        )
    return True


Result = Literal["ready", "duplicate", "unmatched", "error"]
