"""The candidate's course steps in their plan, through the API: recording a completion, naming
the course they take, answering a provider, applying a completion, claiming a recognized
program. Personal access tokens need the "portfolios" scope (the plan's); the session works too.

Each calls the service the plan's pages call, with the same checks: the candidate's own plan,
completions and invitations only (403 for anyone else's).
"""

from datetime import date
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.courses import api as courses
from certify.courses.models import Course, CourseCompletion, ProgrammeClaim, RecognisedProgramme
from certify.progress.models import PlannedSet
from certify.rest.auth import token_or_session
from certify.rest.courses.completion_reports import CompletionOut
from certify.rest.openapi import example, problems
from certify.rest.schemas import InputSchema

candidate_router = Router(auth=token_or_session("portfolios"))


def _user(request: HttpRequest) -> User:
    if not request.user.has_perm("courses.record_completion"):
        raise PermissionDenied
    return cast(User, request.user)


def _planned(request: HttpRequest, planned_id: int) -> PlannedSet:
    user = _user(request)
    planned = (
        PlannedSet.objects.select_related("application__program", "competency_set")
        .filter(pk=planned_id)
        .first()
    )
    if planned is None:
        raise Http404
    if planned.application.candidate_id != user.pk:
        raise Http404  # another candidate's: as an unknown id (docs/security.md)
    return planned


def _completion(request: HttpRequest, completion_id: int) -> CourseCompletion:
    user = _user(request)
    completion = courses.completion_find(pk=completion_id)
    if completion is None:
        raise Http404
    if completion.candidate_id != user.pk:
        raise Http404  # another candidate's: as an unknown id (docs/security.md)
    return completion


def _course(course_id: int | None, required: str) -> Course:
    course = (
        Course.objects.select_related("provider").filter(pk=course_id).first()
        if course_id is not None
        else None
    )
    if course is None:
        raise DomainError(required, field="course")
    return course


@candidate_router.post(
    "/sets/{planned_id}/completions",
    response={201: CompletionOut, **problems(503)},
    summary="Record a course completion",
)
def course_completion(
    request: HttpRequest,
    planned_id: int,
    course_id: Form[int | None] = None,
    completed_on: Form[date | None] = None,
    certificate: UploadedFile | None = File(None),  # noqa: B008  (an optional upload)
):
    """For a set on the approved-course route (multipart/form-data): the approved course, the
    day you completed it and the certificate your provider signed (PDF or a picture). The
    provider or program staff then confirm it. Recording the same course again is refused (400)
    while the first is pending or confirmed, and so is any after your completion deadline until
    staff extend it."""
    planned = _planned(request, planned_id)
    completion = courses.completion_record(
        planned=planned,
        actor=_user(request),
        course=_course(course_id, "Choose the course you completed."),
        completed_on=completed_on,
        certificate=certificate,
    )
    return Status(201, courses.completion_find(pk=completion.pk))


class ConsentOut(Schema):
    id: int
    provider: str
    course_id: int
    course_title: str
    # a Literal, not the enum: the enum's schema name ("Status") is Course.Status's too
    status: Literal["invited", "accepted", "declined", "withdrawn"]

    model_config = example(
        {
            "id": 12,
            "provider": "Northside Community College",
            "course_id": 1,
            "course_title": "Communication at the desk",
            "status": "accepted",
        }
    )

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_course_title(obj) -> str:
        return obj.course.title


class CourseNameIn(InputSchema):
    course_id: int | None = Field(None, description="An approved course for the set.")

    model_config = example({"course_id": 1})


@candidate_router.put(
    "/sets/{planned_id}/course", response=ConsentOut, summary="Name the course in my plan"
)
def course_name(request: HttpRequest, planned_id: int, payload: CourseNameIn):
    """The course you take for the set: its provider may then report your completion of it.
    Naming another course replaces the first (its consent is withdrawn); naming the same one
    again changes nothing."""
    planned = _planned(request, planned_id)
    course = _course(payload.course_id, "Choose the course you are taking.")
    return courses.course_name_in_plan(planned=planned, actor=_user(request), course=course)


class ConsentDecisionIn(InputSchema):
    move: Literal["accept", "decline", "withdraw", ""] = Field(
        "", description="Accept or decline an invitation; withdraw a consent given."
    )

    model_config = example({"move": "accept"})


@candidate_router.post(
    "/providers/{consent_id}/decision",
    response=ConsentOut,
    summary="Answer a provider's invitation, or withdraw consent",
)
def consent_decide(request: HttpRequest, consent_id: int, payload: ConsentDecisionIn):
    """A move that does not fit the consent's state (accepting twice, withdrawing a declined
    invitation) is refused (400)."""
    user = _user(request)
    consent = courses.consent_find(pk=consent_id)
    if consent is None:
        raise Http404
    if consent.candidate_id != user.pk:
        raise Http404  # another candidate's: as an unknown id (docs/security.md)
    return courses.consent_decide(consent=consent, actor=user, move=payload.move)


class AnswerIn(InputSchema):
    answer: Literal["yes", "no", ""] = Field("", description="Did you complete the course?")

    model_config = example({"answer": "yes"})


@candidate_router.post(
    "/completions/{completion_id}/answer",
    response=CompletionOut,
    summary="Answer a completion I did not expect",
)
def completion_answer(request: HttpRequest, completion_id: int, payload: AnswerIn):
    """A provider reported a completion for you of a course your plan does not name: say
    whether you completed it. Yes: it counts toward your plan. Answered once (400 after)."""
    completion = _completion(request, completion_id)
    if payload.answer not in ("yes", "no"):
        raise DomainError("Say whether you completed the course.", field="answer")
    courses.completion_answer(
        completion=completion, actor=_user(request), completed=payload.answer == "yes"
    )
    return courses.completion_find(pk=completion_id)


class AppliedOut(Schema):
    competency_set: str
    complete: bool

    model_config = example({"competency_set": "CT", "complete": True})


@candidate_router.post(
    "/completions/{completion_id}/apply",
    response=AppliedOut,
    summary="Apply a confirmed completion to my plan",
)
def completion_apply(request: HttpRequest, completion_id: int):
    """For a confirmed completion of a set you chose as an elective after it was confirmed:
    the set becomes complete. Applying it again leaves the set complete."""
    completion = _completion(request, completion_id)
    courses.completion_apply(completion=completion, actor=_user(request))
    return {"competency_set": completion.course.competency_set.code, "complete": True}


class ClaimOut(Schema):
    id: int
    programme: str
    graduated_on: date
    status: Literal["pending", "confirmed", "rejected"]

    model_config = example(
        {
            "id": 5,
            "programme": "Library Technical Assistant, AAS (Northside Community College)",
            "graduated_on": "2026-05-15",
            "status": "pending",
        }
    )

    @staticmethod
    def resolve_programme(obj: ProgrammeClaim) -> str:
        return str(obj.programme)


@candidate_router.post(
    "/sets/{planned_id}/programme-claims",
    response={201: ClaimOut, **problems(503)},
    summary="Claim a recognized program for a set",
)
def programme_claim(
    request: HttpRequest,
    planned_id: int,
    programme_id: Form[int | None] = None,
    graduated_on: Form[date | None] = None,
    proof: UploadedFile | None = File(None),  # noqa: B008  (an optional upload)
):
    """For a set on the recognized-program route (multipart/form-data): the program you
    graduated from, the day, and proof (a transcript or the diploma). Program staff check it.
    Claiming the same program again is refused (400) unless the first was not confirmed, and any
    claim after your completion deadline until staff extend it."""
    planned = _planned(request, planned_id)
    programme = (
        RecognisedProgramme.objects.filter(pk=programme_id).first()
        if programme_id is not None
        else None
    )
    if programme is None:
        raise DomainError("Choose the program you graduated from.", field="programme")
    return Status(
        201,
        courses.claim_submit(
            planned=planned,
            actor=_user(request),
            programme=programme,
            graduated_on=graduated_on,
            proof=proof,
        ),
    )
