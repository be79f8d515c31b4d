"""Program staff's course decisions through the API, as on the staff pages: evaluating and
deciding courses, approving providers, deciding completions and graduates' claims, resolving
unmatched report rows, recognizing college programs. Personal access tokens need the "staff"
scope; each operation checks the same permission as its page (403 otherwise).
"""

from datetime import date, datetime
from typing import Any, Literal, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.courses import api as courses
from certify.courses.models import Course, ProgrammeClaim, Provider, UnmatchedCompletion
from certify.programs import api as programs
from certify.programs.models import CompetencySet
from certify.rest.auth import token_or_session
from certify.rest.courses.candidate import ClaimOut
from certify.rest.courses.provider_actions import (
    CompletionDecidedOut,
    CompletionDecisionIn,
    completion_decided,
)
from certify.rest.courses.provider_courses import ProviderCourseOut
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

staff_router = Router(auth=token_or_session("staff"))


def _staff(request: HttpRequest, perm: str = "courses.manage_courses") -> User:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return cast(User, request.user)


def _seen_field(noun: str) -> Any:
    return Field(
        None,
        description=f"The {noun}'s `updated_at` you read. When given and the {noun} changed "
        "since (a colleague decided, suspended or reinstated it), the decision is refused (400) "
        "and nothing changes: read it again.",
    )


def _course(course_id: int) -> Course:
    course = courses.course_find(pk=course_id)
    if course is None:
        raise Http404
    return course


class ScoreIn(InputSchema):
    score: int | None = Field(None, description="1 to 4.")
    comment: str = Field("", max_length=5000)


class EvaluationIn(InputSchema):
    scores: dict[str, ScoreIn] = Field(
        default_factory=dict,
        description="By criterion: `coverage`, `assessment`, `instruction`, `currency`.",
    )
    comment: str = Field("", max_length=5000, description="An overall comment.")
    updated_at_seen: datetime | None = _seen_field("course")

    model_config = example(
        {
            "scores": {
                "coverage": {"score": 3, "comment": "Every competency is taught."},
                "assessment": {"score": 3, "comment": ""},
                "instruction": {"score": 4, "comment": "Experienced instructors."},
                "currency": {"score": 2, "comment": "Update the privacy unit."},
            },
            "comment": "Sound; the privacy unit needs updating at renewal.",
        }
    )


@staff_router.post(
    "/{course_id}/evaluation", response=ProviderCourseOut, summary="Evaluate a course"
)
def staff_evaluate(request: HttpRequest, course_id: int, payload: EvaluationIn):
    """Your scores on the rubric (1-4 on every criterion, each with an optional comment) for a
    submitted course. Scoring again in the same round replaces your earlier scores, so a
    repeated call leaves one evaluation. Needs the permission to evaluate courses."""
    actor = _staff(request, "courses.evaluate_course")
    course = _course(course_id)
    courses.course_evaluate(
        course=course,
        actor=actor,
        scores={k: (v.score, v.comment) for k, v in payload.scores.items()},
        comment=payload.comment,
        updated_at_seen=payload.updated_at_seen,
    )
    return _course(course_id)


class CourseDecisionIn(InputSchema):
    decision: Literal["approve", "return", ""] = Field("", description="Approve, or return.")
    comments: str = Field(
        "", max_length=5000, description="Needed to return; the provider reads them."
    )
    updated_at_seen: datetime | None = _seen_field("course")

    model_config = example({"decision": "return", "comments": "Map CT-3 to a module."})


@staff_router.post("/{course_id}/decision", response=ProviderCourseOut, summary="Decide a course")
def staff_decide(request: HttpRequest, course_id: int, payload: CourseDecisionIn):
    """Approve a submitted course (its fee paid and evaluated this round) for the program's
    years, or return it to the provider with comments. A decided course is not decided again
    (400)."""
    actor, seen = _staff(request), payload.updated_at_seen
    course = _course(course_id)
    if payload.decision == "approve":
        courses.course_approve(
            course=course, actor=actor, comment=payload.comments, updated_at_seen=seen
        )
    elif payload.decision == "return":
        try:
            courses.course_return(
                course=course, actor=actor, reason=payload.comments, updated_at_seen=seen
            )
        except DomainError as error:  # the service's `reason` is this body's `comments`
            if error.field == "reason":
                error.field = "comments"
            raise
    else:
        raise DomainError("Choose approve or return.", field="decision")
    return _course(course_id)


class ApprovalStopIn(InputSchema):
    action: Literal["suspend", "revoke", "reinstate", ""] = Field(
        "", description="Suspend or revoke a running approval; reinstate a suspended one."
    )
    reason: str = Field(
        "",
        max_length=5000,
        description="Required; the provider and the candidates who chose the course read it.",
    )
    updated_at_seen: datetime | None = Field(
        None,
        description="The course's (or provider's) `updated_at` you read. When given and it "
        "changed since (a colleague suspended, reinstated or revoked it), the decision is "
        "refused (400) and nothing changes: read it again.",
    )

    model_config = example(
        {"action": "suspend", "reason": "The instructors named no longer teach the course."}
    )


@staff_router.post(
    "/{course_id}/approval",
    response=ProviderCourseOut,
    summary="Suspend, revoke or reinstate a course's approval",
)
def staff_approval_stop(request: HttpRequest, course_id: int, payload: ApprovalStopIn):
    """Suspend or revoke a course's running approval (it leaves the catalog at once; completions
    dated from today on are refused), or reinstate a suspended one. The provider is told, and
    candidates whose plan names the course are told once. Staff who act for the provider are
    refused (400); a move the course's status does not allow is refused (400)."""
    actor = _staff(request)
    course = _course(course_id)
    moves = {
        "suspend": courses.course_approval_suspend,
        "revoke": courses.course_approval_revoke,
        "reinstate": courses.course_approval_reinstate,
    }
    if payload.action not in moves:
        raise DomainError("Choose suspend, revoke or reinstate.", field="action")
    moves[payload.action](
        course=course, actor=actor, reason=payload.reason, updated_at_seen=payload.updated_at_seen
    )
    return _course(course_id)


class RenewalCloseIn(InputSchema):
    reason: str = Field("", max_length=5000, description="Required; the provider reads it.")
    updated_at_seen: datetime | None = _seen_field("course")

    model_config = example(
        {"reason": "Returned in March for an updated reading list and not sent again."}
    )


@staff_router.post(
    "/{course_id}/renewal/close",
    response=ProviderCourseOut,
    summary="Close a renewal returned for changes and not sent again",
)
def staff_renewal_close(request: HttpRequest, course_id: int, payload: RenewalCloseIn):
    """Close a course's renewal that was returned for changes and not submitted again: the
    course is approved with the approval it has (to its own last day), the renewal's unpaid fee
    is voided and a part payment refunded (a fee paid in full is kept for the next renewal), and
    the provider is told. Refused (400) for a course not returned, a first submission (the
    provider withdraws it), a missing reason, and staff who act for the provider."""
    actor = _staff(request)
    courses.course_renewal_close(
        course=_course(course_id),
        actor=actor,
        reason=payload.reason,
        updated_at_seen=payload.updated_at_seen,
    )
    return _course(course_id)


class ProviderStatusOut(Schema):
    id: int
    name: str
    status: Literal["pending", "approved", "suspended", "revoked"]
    updated_at: datetime = Field(
        description="When the provider's own details or status last changed (not its people, "
        "keys or courses): send it back as `updated_at_seen`."
    )

    model_config = example(
        {
            "id": 2,
            "name": "Northside Community College",
            "status": "approved",
            "updated_at": "2026-11-28T09:02:11.104+00:00",
        }
    )


@staff_router.post(
    "/providers/{provider_id}/approve", response=ProviderStatusOut, summary="Approve a provider"
)
def staff_provider_approve(
    request: HttpRequest, provider_id: int, updated_at_seen: datetime | None = None
):
    """A registered organization becomes a provider: its staff may submit courses and make API
    keys, and are told. Approving it again is refused (400). `updated_at_seen` (in the query):
    the provider's `updated_at` you read; when it changed since, refused (400)."""
    actor = _staff(request)
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise Http404
    return courses.provider_approve(provider=provider, actor=actor, updated_at_seen=updated_at_seen)


@staff_router.post(
    "/providers/{provider_id}/approval",
    response=ProviderStatusOut,
    summary="Suspend, revoke or reinstate a provider's approval",
)
def staff_provider_approval_stop(request: HttpRequest, provider_id: int, payload: ApprovalStopIn):
    """Suspend or revoke an approved provider (it submits nothing, its API keys stop, and every
    running course approval is stopped with it, each as its own course's stop), or reinstate a
    suspended one with the course approvals suspended with it. Staff who act for the provider
    are refused (400)."""
    actor = _staff(request)
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise Http404
    moves = {
        "suspend": courses.provider_approval_suspend,
        "revoke": courses.provider_approval_revoke,
        "reinstate": courses.provider_approval_reinstate,
    }
    if payload.action not in moves:
        raise DomainError("Choose suspend, revoke or reinstate.", field="action")
    return moves[payload.action](
        provider=provider,
        actor=actor,
        reason=payload.reason,
        updated_at_seen=payload.updated_at_seen,
    )


@staff_router.post(
    "/completions/{completion_id}/decision",
    response=CompletionDecidedOut,
    summary="Decide a completion (staff)",
)
def staff_completion_decide(
    request: HttpRequest, completion_id: int, payload: CompletionDecisionIn
):
    """Confirm or do not confirm a completion; one waiting for the candidate's answer is
    answered for them. Staff may not decide their own. Decided once (400 after)."""
    actor = _staff(request)
    completion = courses.completion_find(pk=completion_id)
    if completion is None:
        raise Http404
    done = courses.completion_decide(
        completion=completion, actor=actor, decision=payload.decision, reason=payload.reason
    )
    return completion_decided(completion, done)


class UnmatchedIn(InputSchema):
    action: Literal["match", "dismiss", ""] = ""
    candidate: str = Field(
        "", max_length=254, description="To match: the e-mail address or candidate number."
    )
    note: str = Field("", max_length=2000, description="Why you are sure; or why dismissed.")

    model_config = example(
        {"action": "match", "candidate": "LSSCP-C-7K3Q9M2X", "note": "Same student ID."}
    )


class UnmatchedOut(Schema):
    id: int
    status: Literal["open", "matched", "dismissed"]
    completion_id: int | None = Field(None, description="The completion made by matching.")

    model_config = example({"id": 9, "status": "matched", "completion_id": 44})


@staff_router.post(
    "/unmatched/{row_id}", response=UnmatchedOut, summary="Match or dismiss an unmatched row"
)
def staff_unmatched_resolve(request: HttpRequest, row_id: int, payload: UnmatchedIn):
    """A reported completion no consenting candidate fits: match it to an enrolled candidate
    (with the reason you are sure), or dismiss it. A resolved row is not resolved again (400)."""
    actor = _staff(request)
    row = UnmatchedCompletion.objects.filter(pk=row_id).first()
    if row is None:
        raise Http404
    completion_id = None
    if payload.action == "match":
        completion_id = courses.unmatched_match(
            row=row, actor=actor, candidate=payload.candidate, note=payload.note
        ).pk
    elif payload.action == "dismiss":
        courses.unmatched_dismiss(row=row, actor=actor, reason=payload.note)
    else:
        raise DomainError("Choose an action.", field="action")
    row.refresh_from_db()
    return {"id": row.pk, "status": row.status, "completion_id": completion_id}


class ProgrammeIn(InputSchema):
    program: str = Field("", description="Program slug; the default program when empty.")
    college: str = Field("", max_length=200)
    name: str = Field("", max_length=200)
    reference: str = Field("", max_length=100, description="The agreement's number.")
    starts_on: date | None = Field(None, description="Covers graduations from this day.")
    ends_on: date | None = Field(None, description="Until this day; empty while it runs.")
    sets: list[str] = Field(default_factory=list, max_length=50, description="Set codes.")
    notes: str = Field("", max_length=5000)

    model_config = example(
        {
            "program": "lsscp",
            "college": "Northside Community College",
            "name": "Library Technical Assistant, AAS",
            "reference": "RA-2026-04",
            "starts_on": "2024-05-01",
            "ends_on": None,
            "sets": ["FND", "CT"],
            "notes": "",
        }
    )


class ProgrammeOut(Schema):
    id: int
    college: str
    name: str
    starts_on: date
    ends_on: date | None
    sets: list[str]

    model_config = example(
        {
            "id": 3,
            "college": "Northside Community College",
            "name": "Library Technical Assistant, AAS",
            "starts_on": "2024-05-01",
            "ends_on": None,
            "sets": ["CT", "FND"],
        }
    )

    @staticmethod
    def resolve_sets(obj) -> list[str]:
        return sorted(s.code for s in obj.competency_sets.all())


@staff_router.post(
    "/programmes", response={201: ProgrammeOut}, summary="Recognize a college program"
)
def staff_programmes(request: HttpRequest, payload: ProgrammeIn):
    """A recognition agreement: its graduates claim the sets it covers. The same college,
    program and start again is refused (400), so a repeated call records one agreement."""
    actor = _staff(request)
    program = programs.program_get(slug=payload.program or settings.DEFAULT_PROGRAM)
    found = list(CompetencySet.objects.filter(program=program, code__in=payload.sets))
    unknown = sorted(set(payload.sets) - {s.code for s in found})
    if unknown:
        raise DomainError(
            f"No competency set has the code {', '.join(unknown)} in {program.short_name}.",
            field="sets",
        )
    programme = courses.programme_create(
        program=program,
        actor=actor,
        college=payload.college,
        name=payload.name,
        reference=payload.reference,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        competency_sets=found,
        notes=payload.notes,
    )
    return Status(201, programme)


@staff_router.post(
    "/programme-claims/{claim_id}/decision",
    response=ClaimOut,
    summary="Decide a graduate's program claim",
)
def staff_claim_decide(request: HttpRequest, claim_id: int, payload: CompletionDecisionIn):
    """Confirm (the sets the program covers are complete) or do not confirm, with a reason the
    candidate reads. Decided once (400 after)."""
    actor = _staff(request)
    claim = ProgrammeClaim.objects.select_related("programme").filter(pk=claim_id).first()
    if claim is None:
        raise Http404
    if payload.decision == "confirm":
        courses.claim_confirm(claim=claim, actor=actor)
    elif payload.decision == "reject":
        courses.claim_reject(claim=claim, actor=actor, reason=payload.reason)
    else:
        raise DomainError(courses.DECISION_REQUIRED, field="decision")
    claim.refresh_from_db()
    return claim
