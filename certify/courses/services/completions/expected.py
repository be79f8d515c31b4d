"""Completions the candidate did not expect wait for them (ADR 0021).

Expected means the candidate's plan names that course for the set (a consent of source
`plan`). A provider's report for a candidate who consented by invitation only, or a row program
staff matched by hand, waits as `awaiting`: the candidate is told and confirms it, or says they
did not complete it (or other program staff decide); only then does the set count.
"""

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.workflow import transition
from certify.courses.models import CourseCompletion, ProviderConsent
from certify.courses.services.completions.recorded import (
    _apply_to_plan,
    _locked,
    _tell_candidate_confirmed,
)
from certify.notifications.api import notify


def completion_expected(completion: CourseCompletion) -> bool:
    return ProviderConsent.objects.filter(
        application_id=completion.application_id,
        course_id=completion.course_id,
        source=ProviderConsent.Source.PLAN,
        status=ProviderConsent.Status.ACCEPTED,
    ).exists()


def _tell_candidate_to_confirm(completion: CourseCompletion) -> None:
    course = completion.course
    notify(
        recipient=completion.candidate,
        event="course.completion_to_confirm",
        context={
            "program": course.program,
            "course_title": course.title,
            "provider_name": course.provider.name,
            "set_name": course.competency_set.name,
        },
        link="/plan/providers/",
    )


@transaction.atomic
def completion_answer(
    *, completion: CourseCompletion, actor: User, completed: bool
) -> CourseCompletion:
    """The candidate (or other program staff) says whether a completion they did not expect is
    theirs: confirmed, it satisfies the set; denied, it is not confirmed and counts for nothing."""
    completion = _locked(completion)
    completion.decided_at = timezone.now()
    if completed:
        transition(completion, "candidate_confirm", actor=actor, update_fields=["decided_at"])
        _apply_to_plan(completion, actor)
        _tell_candidate_confirmed(completion)
    else:
        completion.decision_reason = "The candidate did not complete this course."
        transition(
            completion,
            "candidate_reject",
            actor=actor,
            update_fields=["decided_at", "decision_reason"],
        )
    return completion
