"""What a provider's staff do on its pages, through the API: the competency map line by line,
withdrawing a course, deciding completions, inviting colleagues and candidates, revoking keys.

The map and withdrawal take the provider's API key as well as a session. The rest are a
person's acts (the record names who decided, invited or revoked), so an API key is refused
with 403 and says so: call them signed in as one of the provider's staff.
"""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from certify.accounts.api import invitation_sent_message
from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.courses import api as courses
from certify.courses.models import Course, CourseCompletion, Provider
from certify.rest.courses.auth import provider_router
from certify.rest.courses.completion_reports import CompletionOut
from certify.rest.courses.provider_courses import ProviderCourseOut, _acting, _caller, _course
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

PERSON_ONLY = (
    "An API key cannot {what}: the record names the person who does it. Call this signed in "
    "as one of the provider's staff."
)


def _person(request: HttpRequest, provider_id: int, what: str) -> tuple[Provider, User]:
    provider, user, key = _caller(request, provider_id)  # a key is refused: not marked used
    if key is not None or user is None:
        raise HttpError(403, PERSON_ONLY.format(what=what))
    return provider, user


class MapLineIn(InputSchema):
    content: str = Field(
        "",
        description="Where the course covers the competency (at most 5,000 characters); empty "
        "removes the line.",
    )

    model_config = example({"content": "Module 2: explaining library policies"})


@provider_router.put(
    "/{provider_id}/courses/{course_id}/map/{competency}",
    response=ProviderCourseOut,
    summary="Map a course to one competency",
)
def provider_course_map(
    request: HttpRequest, provider_id: int, course_id: int, competency: str, payload: MapLineIn
):
    """One line of the competency map, by the competency's code (as the course page saves it
    field by field). Saving the same text again changes nothing. Refused (400) once the course
    is submitted or approved, or for a competency of another set."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    found = course.competency_set.competencies.filter(code__iexact=competency).first()
    if found is None:
        raise DomainError(
            f"{competency} is not a competency of {course.competency_set.name}.",
            field="competency",
        )
    courses.course_map_save(
        course=course, actor=user, api_key=key, competency=found, content=payload.content
    )
    return _course(provider, course_id)


@provider_router.post(
    "/{provider_id}/courses/{course_id}/withdraw",
    response=ProviderCourseOut,
    summary="Withdraw a course",
)
def provider_course_withdraw(request: HttpRequest, provider_id: int, course_id: int):
    """Withdraws a draft, or a course returned for changes, that the provider will not submit.
    Any other (submitted, approved, already withdrawn) is refused (400): nothing changes twice."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    courses.course_withdraw(course=course, actor=user, api_key=key)
    return _course(provider, course_id)


class CompletionDecisionIn(InputSchema):
    decision: Literal["confirm", "reject", ""] = Field(
        "", description="`confirm`, or `reject` (do not confirm)."
    )
    reason: str = Field("", max_length=2000, description="Why not, when rejecting.")

    model_config = example({"decision": "reject", "reason": "No record of this enrollment."})


class CompletionDecidedOut(CompletionOut):
    done: Literal["answered", "confirmed", "rejected"] = Field(
        description="`answered`: the candidate had not expected it, and you answered for them."
    )

    model_config = example(
        {
            "id": 31,
            "course_id": 1,
            "candidate_email": "accepted@example.org",
            "candidate_name": "Alex Rivera",
            "completed_on": "2026-10-30",
            "status": "rejected",
            "source": "candidate",
            "reference": "",
            "done": "rejected",
        }
    )


def completion_decided(completion: CourseCompletion, done: str) -> CourseCompletion:
    fresh = courses.completion_find(pk=completion.pk)
    fresh.done = done  # type: ignore[union-attr]
    return fresh  # type: ignore[return-value]


@provider_router.post(
    "/{provider_id}/completions/{completion_id}/decision",
    response=CompletionDecidedOut,
    summary="Decide a completion of the provider's course",
)
def provider_completion_decide(
    request: HttpRequest, provider_id: int, completion_id: int, payload: CompletionDecisionIn
):
    """Confirm a completion a candidate recorded (the set counts in their plan) or do not
    confirm it, with a reason they read. A decided completion is not decided again (400).
    A person's act: an API key is refused (403)."""
    provider, user = _person(request, provider_id, "decide a completion")
    completion = courses.completion_find(pk=completion_id)
    if completion is None or completion.course.provider_id != provider.pk:
        raise HttpError(404, "No such completion.")
    done = courses.completion_decide(
        completion=completion, actor=user, decision=payload.decision, reason=payload.reason
    )
    return completion_decided(completion, done)


class ColleagueIn(InputSchema):
    email: str = Field("", max_length=254)

    model_config = example({"email": "sam.lee@northside.example.edu"})


class SentOut(Schema):
    message: str = Field(description="The same words whether or not the address has an account.")

    model_config = example(
        {
            "message": "We sent an invitation to sam.lee@northside.example.edu. If the address "
            "is right, its owner can accept it until January 3, 2027, signed in with that "
            "address (they can create an account with it if they have none). Nothing changes "
            "until they accept."
        }
    )


@provider_router.post(
    "/{provider_id}/colleagues",
    response={201: SentOut},
    summary="Invite a colleague to act for the provider",
)
def provider_colleague_invite(request: HttpRequest, provider_id: int, payload: ColleagueIn):
    """E-mails an invitation; the colleague acts for the provider once they accept. Sending
    again to the same address replaces the pending invitation (its link stops working), so
    one invitation is ever pending. A person's act: an API key is refused (403)."""
    provider, user = _person(request, provider_id, "invite a colleague")
    invitation = courses.provider_member_invite(provider=provider, actor=user, email=payload.email)
    return Status(201, {"message": invitation_sent_message(invitation)})


class ConsentInviteIn(InputSchema):
    course_id: int | None = Field(None, description="One of the provider's approved courses.")
    who: str = Field(
        "", max_length=254, description="The candidate's e-mail address or candidate number."
    )

    model_config = example({"course_id": 1, "who": "LSSCP-C-7K3Q9M2X"})


@provider_router.post(
    "/{provider_id}/invitations",
    response={201: SentOut},
    summary="Invite a candidate to give consent for a course",
)
def provider_consent_invite(request: HttpRequest, provider_id: int, payload: ConsentInviteIn):
    """The candidate is asked to let the provider report their completion of the course. The
    answer is the same whether or not anyone has that address or number, and inviting again
    while an invitation is open changes nothing. A person's act: an API key is refused (403)."""
    provider, user = _person(request, provider_id, "invite a candidate")
    course = (
        Course.objects.filter(pk=payload.course_id, provider=provider).first()
        if payload.course_id is not None
        else None
    )
    if course is None:
        raise DomainError("Choose the course you invite them to.", field="course")
    answer = courses.consent_invite(provider=provider, course=course, actor=user, who=payload.who)
    return Status(201, {"message": answer})


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    revoked: bool

    model_config = example({"id": 4, "name": "LMS", "prefix": "cpk_3f9a", "revoked": True})

    @staticmethod
    def resolve_revoked(obj) -> bool:
        return obj.revoked_at is not None


@provider_router.post(
    "/{provider_id}/api-keys/{key_id}/revoke",
    response=ApiKeyOut,
    summary="Revoke one of the provider's API keys",
)
def provider_api_key_revoke(request: HttpRequest, provider_id: int, key_id: int):
    """The key stops working at once. Revoking it again is refused (400). A person's act: an
    API key is refused (403), a lost key included; sign in to revoke it."""
    provider, user = _person(request, provider_id, "revoke a key")
    key = provider.api_keys.filter(pk=key_id).first()
    if key is None:
        raise HttpError(404, "No such API key.")
    return courses.api_key_revoke(key=key, actor=user)
