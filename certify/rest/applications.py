"""The candidate's own application and staff decisions (session authentication)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.applications import api as applications
from certify.applications.models import Application, ExperienceEntry
from certify.core.hidden import require_or_hide
from certify.programs import api as programs
from certify.rest.auth import token_or_session
from certify.rest.openapi import EXAMPLE_RULES, example, link, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("applications"))


ENTRY_EXAMPLE = {
    "library_name": "Springfield Public Library",
    "library_type": "public",
    "role": "Circulation assistant",
    "paid": True,
    "start_date": "2022-01-10",
    "end_date": None,
    "hours_mode": "weekly",
    "hours_per_week": "20",
    "total_hours": None,
    "supervisor_name": "Pat Lee",
    "supervisor_email": "pat.lee@springfield.example.org",
}
APPLICATION_EXAMPLE = {
    "id": 12,
    "program": "lsscp",
    "status": "draft",
    "education_level": "diploma",
    "education_country": "US",
    "education_note": "",
    "education_accredited": False,
    "attested": False,
    "submitted_at": None,
    "eligible_hours": None,
    "flags": [],
    "decision_reason": "",
    "enrolled_on": None,
    "completion_deadline": None,
}


class EntryIn(InputSchema):
    """Required values left out or empty are refused by the service with the page's words
    (400, `fields`), not by the schema: one validation for both doors."""

    library_name: str = Field(
        "",
        max_length=200,
        description="Where the work was: the program's workplace (`experience.workplace_noun` "
        "of `GET /programs/{slug}`), e.g. a library or an organization.",
    )
    library_type: str = Field(
        max_length=10,
        description="The kind of workplace, by its code: one of the program's "
        "(`experience.workplace_kinds` of `GET /programs/{slug}`, e.g. `public` or `academic` "
        "where the workplace is a library). Send an empty one when it offers none.",
    )
    role: str = Field("", max_length=200)
    paid: bool = True
    start_date: date | None = None
    end_date: date | None = None
    hours_mode: ExperienceEntry.HoursMode = ExperienceEntry.HoursMode.WEEKLY
    hours_per_week: Decimal | None = Field(None, ge=0)
    total_hours: Decimal | None = Field(None, ge=0)
    supervisor_name: str = ""
    supervisor_email: str = ""

    model_config = example(ENTRY_EXAMPLE)


class EntryOut(EntryIn):
    id: int
    supervisor_status: str = Field(
        description="'' (not asked), requested, confirmed, corrected, changed (not confirmed: "
        "the entry changed after the supervisor was asked) or lapsed (not confirmed: no answer "
        "before submission)"
    )

    model_config = example({"id": 41, **ENTRY_EXAMPLE, "supervisor_status": "requested"})


class ApplicationIn(InputSchema):
    education_level: Application.Education | None = None
    education_country: str | None = Field(None, min_length=2, max_length=2, examples=["US"])
    education_note: str | None = None
    education_accredited: bool | None = Field(
        None,
        description="The degree is from a program the program's accreditor recognizes (asked "
        "when the program's education rule needs an accredited master's).",
    )
    attested: bool | None = None

    model_config = example(
        {"education_level": "diploma", "education_country": "US", "attested": True}
    )


class ApplicationOut(Schema):
    id: int
    program: str
    status: str = Field(description="draft, submitted, more_info, accepted, rejected or withdrawn")
    education_level: str
    education_country: str
    education_note: str
    education_accredited: bool
    attested: bool
    submitted_at: datetime | None
    eligible_hours: Decimal | None
    flags: list[str]
    decision_reason: str
    enrolled_on: date | None
    completion_deadline: date | None

    model_config = example(APPLICATION_EXAMPLE)

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.slug

    @staticmethod
    def resolve_education_country(obj) -> str:
        return str(obj.education_country.code or "")


class QueueApplicationOut(ApplicationOut):
    own: bool = Field(
        description="Your own application: its staff operations are refused to you (other "
        "program staff decide it); read it as its candidate at /api/v1/applications/{id}."
    )

    model_config = example({**APPLICATION_EXAMPLE, "own": False})

    @staticmethod
    def resolve_own(obj, context) -> bool:
        return obj.candidate_id == context["request"].user.pk


class ApplicationDetailOut(ApplicationOut):
    experience: list[EntryOut]

    model_config = example(
        {
            **APPLICATION_EXAMPLE,
            "experience": [{"id": 41, **ENTRY_EXAMPLE, "supervisor_status": "requested"}],
        }
    )

    @staticmethod
    def resolve_experience(obj) -> list:
        return list(obj.experience.all())


_REQUIRED: int = EXAMPLE_RULES["experience_hours_required"]
_WINDOW_YEARS: int = EXAMPLE_RULES["experience_window_years"]


class EligibilityOut(Schema):
    hours: Decimal
    required: int
    missing: Decimal
    meets_hours: bool
    window_start: date
    window_end: date
    summary: str
    errors: list[str]
    flags: list[str]

    model_config = example(
        {
            "hours": f"{_REQUIRED - 320}.0",
            "required": _REQUIRED,
            "missing": "320.0",
            "meets_hours": False,
            "window_start": f"{2026 - _WINDOW_YEARS}-06-01",
            "window_end": "2026-06-01",
            "summary": f"{_REQUIRED - 320:,} of the {_REQUIRED:,} hours needed between "
            f"1 Jun {2026 - _WINDOW_YEARS} and 1 Jun 2026",
            "errors": [],
            "flags": [],
        }
    )


class StartIn(InputSchema):
    program: str = Field(examples=["lsscp"])

    model_config = example({"program": "lsscp"})


class ApplicationDecisionIn(InputSchema):
    decision: Literal["accept", "more_info", "reject"]
    reason: str = Field("", description="Required to ask for more information or to reject.")
    enrolled_on: date | None = Field(
        None, description="When accepting: the enrollment date (today when left out)."
    )
    submitted_at_seen: datetime | None = Field(
        None,
        description="The `submitted_at` of the application you read. When given and the "
        "candidate has sent the application again since, the decision is refused (400) and "
        "nothing changes: read it again.",
    )

    model_config = example(
        {"decision": "more_info", "reason": "Please add your hours at the school library."}
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _get(request: HttpRequest, application_id: int, perm: str) -> Application:
    application = applications.application_find(pk=application_id)
    if application is None:
        raise Http404
    require_or_hide(request.user, application, perm, known_by="applications.view_application")
    return application


@router.get("/mine", response=list[ApplicationOut], summary="List my applications")
def my_applications(request: HttpRequest):
    """Your applications to every program, newest first."""
    return list(applications.application_list_for(candidate=_user(request)))


@router.post(
    "",
    response={201: ApplicationDetailOut, **problems(404)},
    summary="Start (or get) my application",
    openapi_extra=link(
        201,
        "GetApplication",
        operation_id="certify_rest_applications_detail",
        application_id="$response.body#/id",
    ),
)
def start(request: HttpRequest, payload: StartIn):
    """Creates a draft for the program, or returns the open one (404: no such program).
    Candidates only."""
    if not request.user.has_perm("applications.apply"):
        raise PermissionDenied
    program = programs.program_get(slug=payload.program)
    application = applications.application_start(candidate=_user(request), program=program)
    return Status(201, applications.application_find(pk=application.pk))


@router.get("/{application_id}", response=ApplicationDetailOut, summary="Get an application")
def detail(request: HttpRequest, application_id: int):
    """The candidate's own application, or any application for program staff."""
    return _get(request, application_id, "applications.view_application")


@router.patch(
    "/{application_id}", response=ApplicationDetailOut, summary="Update my draft's education"
)
def update(request: HttpRequest, application_id: int, payload: ApplicationIn):
    """Only the fields you send change. Refused (400) once the application is submitted."""
    application = _get(request, application_id, "applications.edit_application")
    applications.application_update(
        application=application, actor=_user(request), **payload.dict(exclude_none=True)
    )
    return applications.application_find(pk=application_id)


@router.post(
    "/{application_id}/experience", response={201: EntryOut}, summary="Add an experience entry"
)
def entry_add(request: HttpRequest, application_id: int, payload: EntryIn):
    """Paid or volunteer work at a workplace of the kind the program counts (`GET
    /programs/{slug}`: `experience`), weekly or total hours. A supervisor e-mail lets us
    ask them to confirm it."""
    application = _get(request, application_id, "applications.edit_application")
    entry = applications.experience_save(
        application=application, actor=_user(request), **payload.dict()
    )
    return Status(201, entry)


@router.put("/{application_id}/experience/{entry_id}", response=EntryOut, summary="Change an entry")
def entry_update(request: HttpRequest, application_id: int, entry_id: int, payload: EntryIn):
    """Replaces the entry with what you send, while the application is a draft."""
    application = _get(request, application_id, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    return applications.experience_save(
        application=application, actor=_user(request), entry=entry, **payload.dict()
    )


@router.delete(
    "/{application_id}/experience/{entry_id}", response={204: None}, summary="Remove an entry"
)
def entry_delete(request: HttpRequest, application_id: int, entry_id: int):
    """While the application is a draft."""
    application = _get(request, application_id, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    applications.experience_delete(entry=entry, actor=_user(request))
    return Status(204, None)


@router.post(
    "/{application_id}/experience/{entry_id}/restore",
    response=EntryOut,
    summary="Undo removing an entry",
)
def entry_restore(request: HttpRequest, application_id: int, entry_id: int):
    """Puts a removed entry back, within the undo window and while the application is a draft
    that was not submitted since (400 otherwise)."""
    application = _get(request, application_id, "applications.edit_application")
    return applications.experience_restore(
        application=application, entry_id=entry_id, actor=_user(request)
    )


@router.post(
    "/{application_id}/experience/{entry_id}/supervisor",
    response=EntryOut,
    summary="Ask the supervisor to confirm an entry",
)
def supervisor_request(request: HttpRequest, application_id: int, entry_id: int):
    """E-mails the entry's supervisor a single-use, expiring link to confirm or correct the
    hours, while the application can be changed. Asking again sends a new link and the one
    sent before stops working: one live request per entry. The relay's limits on e-mails a
    person may have sent apply (400 with the reason)."""
    application = _get(request, application_id, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    applications.supervisor_request(entry=entry, actor=_user(request))
    entry.refresh_from_db()
    return entry


@router.get(
    "/{application_id}/eligibility", response=EligibilityOut, summary="Preview eligible hours"
)
def eligibility(request: HttpRequest, application_id: int):
    """The hours that count inside the window, and what is missing, in words: the window that
    ends today while the application can be changed, the one that ended on the day it was
    submitted once it is with staff (as staff's page shows it)."""
    application = _get(request, application_id, "applications.view_application")
    result = applications.application_eligibility(application=application)
    return {
        "hours": result.hours_display,
        "required": result.required,
        "missing": result.missing,
        "meets_hours": result.meets_hours,
        "window_start": result.window_start,
        "window_end": result.window_end,
        "summary": result.summary,
        "errors": result.errors,
        "flags": result.flags,
    }


@router.post(
    "/{application_id}/submit", response=ApplicationDetailOut, summary="Submit my application"
)
def submit(request: HttpRequest, application_id: int):
    """Refused with 400 and every problem listed when something is missing."""
    application = _get(request, application_id, "applications.edit_application")
    applications.application_submit(application=application, actor=_user(request))
    return applications.application_find(pk=application_id)


@router.post(
    "/{application_id}/withdraw", response=ApplicationDetailOut, summary="Withdraw my application"
)
def withdraw(request: HttpRequest, application_id: int):
    """Withdraw before a decision (the page asks to confirm first)."""
    application = _get(request, application_id, "applications.edit_application")
    applications.application_withdraw(application=application, actor=_user(request))
    return applications.application_find(pk=application_id)


staff_router = Router(auth=token_or_session("staff"))


@staff_router.get("", response=list[QueueApplicationOut], summary="The staff queue")
@paginate(Pagination)
def queue(request: HttpRequest, status: str = ""):
    """Submitted applications oldest first; `status` filters (e.g. submitted, more_info).
    Program staff only. `own` marks your own application (its staff operations refuse you)."""
    if not request.user.has_perm("applications.review_applications"):
        raise PermissionDenied
    return applications.application_queue(status=status)


@staff_router.post(
    "/{application_id}/decision", response=ApplicationDetailOut, summary="Decide an application"
)
def decide(request: HttpRequest, application_id: int, payload: ApplicationDecisionIn):
    """Accept, ask for more information, or reject (reason required for the last two)."""
    if not request.user.has_perm("applications.decide_application"):
        raise PermissionDenied
    application = get_object_or_404(Application, pk=application_id)
    action = {
        "accept": applications.application_accept,
        "more_info": applications.application_request_info,
        "reject": applications.application_reject,
    }[payload.decision]
    seen = payload.submitted_at_seen
    if payload.decision == "accept":
        applications.application_accept(
            application=application,
            actor=_user(request),
            reason=payload.reason,
            enrolled_on=payload.enrolled_on,
            submitted_at_seen=seen,
        )
    else:
        action(
            application=application,
            actor=_user(request),
            reason=payload.reason,
            submitted_at_seen=seen,
        )
    return applications.application_find(pk=application_id)


class DeadlineIn(InputSchema):
    new_deadline: date = Field(
        description="The new last day, in the program's time zone; the candidate is told it."
    )
    reason: str = Field(
        "",
        description="Kept in the record for staff; the candidate is told the new deadline, "
        "not the reason.",
    )

    model_config = example({"new_deadline": "2030-06-30", "reason": "Leave for a family illness."})


@staff_router.post(
    "/{application_id}/deadline",
    response=ApplicationDetailOut,
    summary="Extend a candidate's deadline",
)
def deadline_extend(request: HttpRequest, application_id: int, payload: DeadlineIn):
    """A later completion deadline for an accepted candidate, with the reason (audited).
    Program staff only, never for their own case."""
    if not request.user.has_perm("applications.decide_application"):
        raise PermissionDenied
    application = get_object_or_404(Application, pk=application_id)
    applications.deadline_extend(
        application=application,
        actor=_user(request),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
    )
    return applications.application_find(pk=application_id)
