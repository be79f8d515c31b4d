"""A provider's courses through the API: drafts, updates, syllabus, submission."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.courses import api as courses
from certify.courses.models import Course, Provider, ProviderApiKey
from certify.programs import api as programs
from certify.programs.models import CompetencySet
from certify.rest.courses.auth import provider_router
from certify.rest.courses.catalogue import COURSE_EXAMPLE, CourseOut
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema


def _acting(
    request: HttpRequest, provider_id: int
) -> tuple[Provider, User | None, ProviderApiKey | None]:
    """`_caller`, for an operation a key may do: the key is accepted, so it is marked used."""
    provider, user, key = _caller(request, provider_id)
    if key is not None:
        courses.api_key_mark_used(key)
    return provider, user, key


def _caller(
    request: HttpRequest, provider_id: int
) -> tuple[Provider, User | None, ProviderApiKey | None]:
    """Another provider answers like an unknown one (404): a 403 would say the id exists. (A
    person without the provider role never gets here: `auth.SessionAuth` refuses them.)"""
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise HttpError(404, "No such provider.")
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ProviderApiKey):
        if auth.provider_id != provider.pk:
            raise HttpError(404, "No such provider.")
        return provider, None, auth
    if not request.user.has_perm("courses.act_for_provider", provider):
        raise HttpError(404, "No such provider.")
    return provider, request.user, None  # type: ignore[return-value]


def _course(provider: Provider, course_id: int) -> Course:
    course = courses.course_find(pk=course_id)
    if course is None or course.provider_id != provider.pk:
        raise HttpError(404, "No such course.")
    return course


class CourseIn(InputSchema):
    program: str = Field("", description="Program slug; the default program when empty.")
    competency_set: str = Field(description="The set's code", examples=["CT"])
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    format: Course.Format
    self_paced: bool = False
    start_date: date | None = Field(None, description="Required unless self-paced.")
    end_date: date | None = None
    cost_cents: int = Field(
        ge=0,
        description="Tuition in hundredths (cents) of the program's currency, which the course "
        "shows as `currency` (e.g. 24900 in EUR is 249 euros); 0 for a free course.",
    )
    url: str = Field("", description="Where to enroll.")
    assessments: str = Field(min_length=1)
    instructors: str = Field(min_length=1)
    map: dict[str, str] | None = Field(
        None,
        description="Where the course covers each competency, by competency code. "
        "Submission needs every competency of the set.",
        examples=[{"CT-1": "Module 1: listening at the desk"}],
    )

    model_config = example(
        {
            "program": "lsscp",
            "competency_set": "CT",
            "title": "Communication at the desk",
            "description": "Eight weeks on listening, explaining and working in a team.",
            "format": "online",
            "self_paced": False,
            "start_date": "2026-09-07",
            "end_date": "2026-10-30",
            "cost_cents": 24900,
            "url": "https://northside.example.edu/courses/ct101",
            "assessments": "Two recorded role plays and a reflective essay.",
            "instructors": "Dana Ortiz, MLIS",
            "map": {"CT-1": "Module 1: listening at the desk"},
        }
    )


class ProviderCourseOut(CourseOut):
    description: str
    assessments: str
    instructors: str
    status: Course.Status
    updated_at: datetime = Field(
        description="When the course last changed: program staff send it back as "
        "`updated_at_seen` with a decision."
    )
    map: dict[str, str]
    missing: list[str]
    syllabus: str
    fee_invoice: str | None
    fee_invoice_status: str | None
    fee_payable: bool | None = Field(
        description="Whether the fee invoice can be paid now: false when it is paid, void or "
        "refunded, and when it is open but on hold (see `fee_on_hold`); null with no invoice."
    )
    fee_on_hold: str | None = Field(
        description="Why an open fee invoice cannot be paid now: program staff suspended the "
        "course's approval or the provider's (nothing is taken until it is reinstated). Null "
        "otherwise."
    )

    model_config = example(
        {
            **COURSE_EXAMPLE,
            "description": "Eight weeks on listening, explaining and working in a team.",
            "assessments": "Two recorded role plays and a reflective essay.",
            "instructors": "Dana Ortiz, MLIS",
            "status": "draft",
            "updated_at": "2026-11-28T09:02:11.104+00:00",
            "map": {"CT-1": "Module 1: listening at the desk"},
            "missing": ["CT-2", "CT-3"],
            "syllabus": "",
            "fee_invoice": None,
            "fee_invoice_status": None,
            "fee_payable": None,
            "fee_on_hold": None,
        },
        # A course whose approval program staff suspended while its renewal's fee was open.
        {
            **COURSE_EXAMPLE,
            "description": "Eight weeks on listening, explaining and working in a team.",
            "assessments": "Two recorded role plays and a reflective essay.",
            "instructors": "Dana Ortiz, MLIS",
            "status": "suspended",
            "updated_at": "2026-11-28T09:02:11.104+00:00",
            "map": {"CT-1": "Module 1: listening at the desk"},
            "missing": [],
            "syllabus": "ct101-syllabus.pdf",
            "fee_invoice": "LSSCP-2026-000412",
            "fee_invoice_status": "open",
            "fee_payable": False,
            "fee_on_hold": "Not payable now: program staff suspended its approval. Nothing is "
            "taken until it is reinstated.",
        },
    )

    @staticmethod
    def resolve_map(obj: Course) -> dict[str, str]:
        return {m.competency.code: m.content for m in obj.mappings.all()}

    @staticmethod
    def resolve_missing(obj: Course) -> list[str]:
        return [c.code for c in courses.course_map_missing(course=obj)]

    @staticmethod
    def resolve_syllabus(obj: Course) -> str:
        return obj.syllabus_name if obj.syllabus else ""

    @staticmethod
    def resolve_fee_invoice(obj: Course) -> str | None:
        return obj.fee_invoice.code if obj.fee_invoice else None

    @staticmethod
    def resolve_fee_invoice_status(obj: Course) -> str | None:
        return obj.fee_invoice.status if obj.fee_invoice else None

    @staticmethod
    def resolve_fee_payable(obj: Course) -> bool | None:
        if obj.fee_invoice is None:
            return None
        return obj.fee_invoice.status == "open" and courses.fee_hold(course=obj) is None

    @staticmethod
    def resolve_fee_on_hold(obj: Course) -> str | None:
        hold = courses.fee_hold(course=obj)
        return hold.why() if hold else None


def _set(payload: CourseIn) -> CompetencySet:
    program = programs.program_get(slug=payload.program or settings.DEFAULT_PROGRAM)
    cset = (
        programs.competency_set_list(program=program)
        .filter(code__iexact=payload.competency_set)
        .first()
    )
    if cset is None:
        raise HttpError(400, f"“{payload.competency_set}” is not a competency set of {program}.")
    return cset


def _fields(payload: CourseIn) -> dict[str, Any]:
    data = payload.dict(exclude={"program", "map"})
    data["competency_set"] = _set(payload)
    return data


@provider_router.get(
    "/{provider_id}/courses",
    response=list[ProviderCourseOut],
    summary="List the provider's courses",
)
@paginate(Pagination)
def provider_courses(request: HttpRequest, provider_id: int):
    """Every course of the provider, newest first, with its map, status and what the map still
    misses. A key of another provider is refused (403)."""
    provider, _, _ = _acting(request, provider_id)
    return courses.course_list_for_provider(provider=provider).prefetch_related(
        "mappings__competency", "competency_set__competencies"
    )


@provider_router.post(
    "/{provider_id}/courses",
    response={201: ProviderCourseOut},
    summary="Create a course (a draft)",
)
def provider_course_create(request: HttpRequest, provider_id: int, payload: CourseIn):
    """A draft for one competency set, with its map if given. Submit it when the map is
    complete and the syllabus uploaded."""
    provider, user, key = _acting(request, provider_id)
    course = courses.course_create(provider=provider, actor=user, api_key=key, **_fields(payload))
    if payload.map:
        courses.course_map_replace(course=course, actor=user, api_key=key, mapping=payload.map)
    return Status(201, _course(provider, course.pk))


@provider_router.get(
    "/{provider_id}/courses/{course_id}",
    response=ProviderCourseOut,
    summary="Get one of the provider's courses",
)
def provider_course(request: HttpRequest, provider_id: int, course_id: int):
    """One of the provider's courses, whatever its status."""
    provider, _, _ = _acting(request, provider_id)
    return _course(provider, course_id)


@provider_router.put(
    "/{provider_id}/courses/{course_id}",
    response=ProviderCourseOut,
    summary="Change a course",
)
def provider_course_update(
    request: HttpRequest, provider_id: int, course_id: int, payload: CourseIn
):
    """Content changes only while a draft or returned; dates, tuition and URL at any time."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    courses.course_update(course=course, actor=user, api_key=key, **_fields(payload))
    if payload.map is not None:
        current = {m.competency.code: m.content for m in course.mappings.all()}
        if payload.map != current:
            courses.course_map_replace(course=course, actor=user, api_key=key, mapping=payload.map)
    return _course(provider, course_id)


@provider_router.post(
    "/{provider_id}/courses/{course_id}/syllabus",
    response={200: ProviderCourseOut, **problems(503)},
    summary="Upload the syllabus",
)
def provider_course_syllabus(
    request: HttpRequest, provider_id: int, course_id: int, file: File[UploadedFile]
):
    """A PDF, Word or OpenDocument file (multipart/form-data, field `file`), checked by content
    and opened (a PDF: at most `PDF_MAX_PAGES` pages, not encrypted; a picture: at most
    `IMAGE_MAX_PIXELS`); 400 says why one is refused, 503 that it could not be stored now."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    courses.course_syllabus_upload(course=course, actor=user, api_key=key, upload=file)
    return _course(provider, course_id)


@provider_router.post(
    "/{provider_id}/courses/{course_id}/submit",
    response=ProviderCourseOut,
    summary="Submit a course for approval (or renewal)",
)
def provider_course_submit(request: HttpRequest, provider_id: int, course_id: int):
    """Refused with 400 and every problem listed (e.g. the competencies the map misses).
    Submitting invoices the approval fee."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    courses.course_submit(course=course, actor=user, api_key=key)
    return _course(provider, course_id)
