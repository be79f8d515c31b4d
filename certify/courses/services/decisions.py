"""Program staff evaluate a submitted course against the rubric and decide it: approve it for
the program's years, or return it to the provider with comments. Each decision form carries
the course's `updated_at` its decider read (`require_unchanged`)."""

from datetime import date, datetime

from django.db import transaction

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import check, transition
from certify.core.workflow_words import moved_on
from certify.courses import periods, rubric
from certify.courses.models import Course, CourseApproval, CourseEvaluation, CriterionScore
from certify.courses.services.common import changed_since, require_unchanged, tell_provider
from certify.courses.services.courses import locked_course
from certify.payments.api import invoice_is_settled
from certify.programs.api import program_today


@transaction.atomic
def course_evaluate(
    *,
    course: Course,
    actor: User,
    scores: dict[str, tuple[int | None, str]],
    comment: str = "",
    updated_at_seen: datetime | None = None,
) -> CourseEvaluation:
    """An evaluator scores the submitted course on every rubric criterion (1-4, with comments).
    Scoring again in the same round replaces their earlier scores. `updated_at_seen`: the
    course's `updated_at` the evaluator read (`require_unchanged`)."""
    require_role(actor, Role.PROGRAM_STAFF, to="evaluate courses")
    course = locked_course(course)
    # Scoring is part of the approval: the same staff (not the provider's own) (ADR 0022),
    # checked before whether it changed since read.
    submitted = course.status == Course.Status.SUBMITTED
    require_unchanged(course, updated_at_seen if submitted else None, actor=actor)
    if not submitted:
        if changed_since(course, updated_at_seen):  # decided meanwhile: where it is now
            now = Course.Status(course.status).label
            raise moved_on(
                noun="course", now=now, targets=[], current_status=course.status, move="evaluate"
            )
        raise DomainError("Only a submitted course is evaluated.")
    missing = [
        c.label for c in rubric.CRITERIA if scores.get(c.key, (None, ""))[0] not in (1, 2, 3, 4)
    ]
    if missing:
        raise DomainError(f"Score every criterion from 1 to 4; missing: {', '.join(missing)}.")
    evaluation, _ = CourseEvaluation.objects.update_or_create(
        course=course,
        round=course.review_round,
        evaluator=actor,
        defaults={"comment": comment.strip()},
    )
    evaluation.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(
            evaluation=evaluation,
            criterion=c.key,
            score=int(scores[c.key][0]),  # type: ignore[arg-type]
            comment=scores[c.key][1].strip(),
        )
        for c in rubric.CRITERIA
    )
    audit_record(
        actor=actor,
        verb="course.evaluated",
        target=course,
        data={"round": course.review_round, "scores": {k: v[0] for k, v in scores.items()}},
    )
    return evaluation


@transaction.atomic
def course_approve(
    *,
    course: Course,
    actor: User,
    comment: str = "",
    today: date | None = None,
    updated_at_seen: datetime | None = None,
) -> CourseApproval:
    """Approve for the program's years (or renew for the next period). The fee must be paid
    and the course evaluated in this round."""
    course = locked_course(course)
    require_unchanged(course, updated_at_seen, actor=actor, move="approve", reason=comment)
    check(course, "approve", actor=actor, reason=comment)
    if course.fee_invoice is None or not invoice_is_settled(invoice=course.fee_invoice):
        code = course.fee_invoice.code if course.fee_invoice else "not issued"
        raise DomainError(
            f"The approval fee (invoice {code}) is not paid yet: approve once it is settled."
        )
    if not course.evaluations.filter(round=course.review_round).exists():
        raise DomainError("Score the course against the rubric first: no evaluation yet.")
    today = today or program_today(course.program)
    period = periods.approval_period(
        approved_on=today,
        years=course.program.course_approval_years,
        current_expiry=course.approval_expires_on,
    )
    approval = CourseApproval.objects.create(
        course=course,
        number=course.approvals.count() + 1,
        starts_on=period.starts_on,
        expires_on=period.expires_on,
        approved_by=actor,
        invoice=course.fee_invoice,
        comment=comment.strip(),
    )
    course.first_approved_on = course.first_approved_on or period.starts_on
    course.approval_expires_on = period.expires_on
    transition(course, "approve", actor=actor, reason=comment)
    tell_provider(
        provider=course.provider,
        event="course.decided",
        context={
            "program": course.program,
            "course_title": course.title,
            "approved": True,
            "starts_on": period.starts_on,
            "expires_on": period.expires_on,
            "comments": comment.strip(),
        },
        link=course.get_provider_url(),
    )
    return approval


@transaction.atomic
def course_return(
    *, course: Course, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Course:
    """Return the course to the provider with comments; they change it and submit again."""
    course = locked_course(course)
    move = "return_for_changes"
    require_unchanged(course, updated_at_seen, actor=actor, move=move, reason=reason)
    transition(course, move, actor=actor, reason=reason)
    tell_provider(
        provider=course.provider,
        event="course.decided",
        context={
            "program": course.program,
            "course_title": course.title,
            "approved": False,
            "comments": reason.strip(),
        },
        link=course.get_provider_url(),
    )
    return course
