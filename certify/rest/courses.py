"""Approved courses: the public catalogue, and providers' submissions and completion reports.

Provider endpoints accept a provider API key (`Authorization: Bearer <key>` or
`X-API-Key: <key>`) or a signed-in session of the provider's staff.
"""

from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from certify.accounts.models import User
from certify.courses import api as courses
from certify.courses.models import Course, CourseCompletion, Provider, ProviderApiKey
from certify.programs import api as programs
from certify.programs.models import CompetencySet
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination
from certify.rest.throttling import PublicRateThrottle


def _key(raw: str | None) -> ProviderApiKey | None:
    """A sent key must be good: an unknown, expired or revoked one is a 401 saying which."""
    if not raw:
        return None
    try:
        return courses.api_key_check(raw)
    except courses.ApiKeyRefused as refused:
        raise HttpError(401, refused.message) from None


class ProviderKeyBearer(HttpBearer):
    """`Authorization: Bearer cpk_…`: a provider's API key."""

    def authenticate(self, request: HttpRequest, token: str) -> ProviderApiKey | None:
        return _key(token)


class ProviderKeyHeader(APIKeyHeader):
    """`X-API-Key: cpk_…`: a provider's API key."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ProviderApiKey | None:
        return _key(key)


PROVIDER_AUTH = [ProviderKeyBearer(), ProviderKeyHeader(), django_auth]
router = Router(throttle=[PublicRateThrottle()])
provider_router = Router(auth=PROVIDER_AUTH)


# --- The catalogue (public) --------------------------------------------------------------------


PROVIDER_EXAMPLE = {
    "id": 1,
    "name": "Northside Community College",
    "kind": "college",
    "website": "https://northside.example.edu",
}
COURSE_EXAMPLE = {
    "id": 1,
    "title": "Communication at the desk",
    "provider": PROVIDER_EXAMPLE,
    "program": "lsscp",
    "competency_set": "CT",
    "competency_set_name": "Communication and Teamwork",
    "format": "online",
    "self_paced": False,
    "start_date": "2026-09-07",
    "end_date": "2026-10-30",
    "cost_cents": 24900,
    "currency": "USD",
    "approved_until": "2029-06-30",
    "url": "https://northside.example.edu/courses/ct101",
    "detail_url": "/courses/1/",
}


class ProviderOut(Schema):
    id: int
    name: str
    kind: str
    website: str

    model_config = example(PROVIDER_EXAMPLE)


class CourseOut(Schema):
    id: int
    title: str
    provider: ProviderOut
    program: str
    competency_set: str
    competency_set_name: str
    format: Course.Format
    self_paced: bool
    start_date: date | None
    end_date: date | None
    cost_cents: int
    currency: str
    approved_until: date | None
    url: str
    detail_url: str

    model_config = example(COURSE_EXAMPLE)

    @staticmethod
    def resolve_program(obj: Course) -> str:
        return obj.program.slug

    @staticmethod
    def resolve_competency_set(obj: Course) -> str:
        return obj.competency_set.code

    @staticmethod
    def resolve_competency_set_name(obj: Course) -> str:
        return obj.competency_set.name

    @staticmethod
    def resolve_currency(obj: Course) -> str:
        return obj.program.currency

    @staticmethod
    def resolve_approved_until(obj: Course) -> date | None:
        return obj.approval_expires_on

    @staticmethod
    def resolve_detail_url(obj: Course) -> str:
        return obj.get_absolute_url()


class MappingOut(Schema):
    competency: str
    statement: str
    content: str


class CourseDetailOut(CourseOut):
    description: str
    assessments: str
    instructors: str
    map: list[MappingOut]

    model_config = example(
        {
            **COURSE_EXAMPLE,
            "description": "Eight weeks on listening, explaining and working in a team.",
            "assessments": "Two recorded role plays and a reflective essay.",
            "instructors": "Dana Ortiz, MLIS",
            "map": [
                {
                    "competency": "CT-1",
                    "statement": "Communicate effectively with library users and staff.",
                    "content": "Module 1: listening at the desk",
                }
            ],
        }
    )

    @staticmethod
    def resolve_map(obj: Course) -> list[dict[str, str]]:
        return [
            {
                "competency": m.competency.code,
                "statement": m.competency.statement,
                "content": m.content,
            }
            for m in obj.mappings.all()
        ]


@router.get(
    "",
    response={200: list[CourseOut], **problems(400, 404)},
    summary="Search the catalogue of approved courses",
    auth=None,
)
@paginate(Pagination)
def catalogue(
    request: HttpRequest,
    q: str = "",
    set: str = "",
    format: str = "",
    provider: int | None = None,
    max_cost_cents: int | None = None,
    starts_from: date | None = None,
    starts_until: date | None = None,
    program: str = "",
):
    """Courses whose approval runs today. `q` searches titles, descriptions, providers and sets
    (full text on PostgreSQL); self-paced courses match every start-date filter. An unknown
    `format` or a negative `max_cost_cents` is a 400, an unknown `program` a 404. Public."""
    the_program = programs.program_get(slug=program or settings.DEFAULT_PROGRAM)
    if format and format not in Course.Format.values:
        raise HttpError(400, f"format must be one of: {', '.join(Course.Format.values)}.")
    if max_cost_cents is not None and max_cost_cents < 0:
        raise HttpError(400, "max_cost_cents cannot be negative.")
    return courses.catalogue(
        program=the_program,
        search=q,
        set_code=set,
        course_format=format,
        provider_id=provider,
        max_cost_cents=max_cost_cents,
        starts_from=starts_from,
        starts_until=starts_until,
    )


@router.get(
    "/{course_id}",
    response=CourseDetailOut,
    summary="Get an approved course",
    auth=None,
)
def course_detail(request: HttpRequest, course_id: int):
    """With the map: where the course covers each competency of its set. Public."""
    course = courses.course_public_get(pk=course_id)
    if course is None:
        raise HttpError(404, "This course is not in the catalogue.")
    return course


# --- Providers: submissions and completion reports ---------------------------------------------


def _acting(request: HttpRequest, pid: int) -> tuple[Provider, User | None, ProviderApiKey | None]:
    provider = Provider.objects.filter(pk=pid).first()
    if provider is None:
        raise HttpError(404, "No such provider.")
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ProviderApiKey):
        if auth.provider_id != provider.pk:
            raise HttpError(403, "This API key acts for another provider.")
        return provider, None, auth
    if not request.user.has_perm("courses.act_for_provider", provider):
        raise HttpError(403, "You do not act for this provider.")
    return provider, request.user, None  # type: ignore[return-value]


def _course(provider: Provider, cid: int) -> Course:
    course = courses.course_get(pk=cid)
    if course is None or course.provider_id != provider.pk:
        raise HttpError(404, "No such course.")
    return course


class CourseIn(Schema):
    program: str = Field("", description="Program slug; the default program when empty.")
    competency_set: str = Field(description="The set's code", examples=["CT"])
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    format: Course.Format
    self_paced: bool = False
    start_date: date | None = Field(None, description="Required unless self-paced.")
    end_date: date | None = None
    cost_cents: int = Field(ge=0, description="Tuition in cents; 0 for a free course.")
    url: str = Field("", description="Where to enrol.")
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
    map: dict[str, str]
    missing: list[str]
    syllabus: str
    fee_invoice: str | None
    fee_invoice_status: str | None

    model_config = example(
        {
            **COURSE_EXAMPLE,
            "description": "Eight weeks on listening, explaining and working in a team.",
            "assessments": "Two recorded role plays and a reflective essay.",
            "instructors": "Dana Ortiz, MLIS",
            "status": "draft",
            "map": {"CT-1": "Module 1: listening at the desk"},
            "missing": ["CT-2", "CT-3"],
            "syllabus": "",
            "fee_invoice": None,
            "fee_invoice_status": None,
        }
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


def _set(payload: CourseIn) -> CompetencySet:
    program = programs.program_get(slug=payload.program or settings.DEFAULT_PROGRAM)
    cset = CompetencySet.objects.filter(
        program=program, code__iexact=payload.competency_set
    ).first()
    if cset is None:
        raise HttpError(400, f"“{payload.competency_set}” is not a competency set of {program}.")
    return cset


def _fields(payload: CourseIn) -> dict[str, Any]:
    data = payload.dict(exclude={"program", "map"})
    data["competency_set"] = _set(payload)
    return data


@provider_router.get(
    "/{pid}/courses",
    response=list[ProviderCourseOut],
    summary="List the provider's courses",
)
@paginate(Pagination)
def provider_courses(request: HttpRequest, pid: int):
    """Every course of the provider, newest first, with its map, status and what the map still
    misses. A key of another provider is refused (403)."""
    provider, _, _ = _acting(request, pid)
    return courses.course_list_for_provider(provider=provider).prefetch_related(
        "mappings__competency", "competency_set__competencies"
    )


@provider_router.post(
    "/{pid}/courses",
    response={201: ProviderCourseOut},
    summary="Create a course (a draft)",
)
def provider_course_create(request: HttpRequest, pid: int, payload: CourseIn):
    """A draft for one competency set, with its map if given. Submit it when the map is
    complete and the syllabus uploaded."""
    provider, user, key = _acting(request, pid)
    course = courses.course_create(provider=provider, actor=user, api_key=key, **_fields(payload))
    if payload.map:
        courses.course_map_replace(course=course, actor=user, api_key=key, mapping=payload.map)
    return Status(201, _course(provider, course.pk))


@provider_router.get(
    "/{pid}/courses/{cid}",
    response=ProviderCourseOut,
    summary="Get one of the provider's courses",
)
def provider_course(request: HttpRequest, pid: int, cid: int):
    """One of the provider's courses, whatever its status."""
    provider, _, _ = _acting(request, pid)
    return _course(provider, cid)


@provider_router.put(
    "/{pid}/courses/{cid}",
    response=ProviderCourseOut,
    summary="Change a course",
)
def provider_course_update(request: HttpRequest, pid: int, cid: int, payload: CourseIn):
    """Content changes only while a draft or returned; dates, tuition and URL at any time."""
    provider, user, key = _acting(request, pid)
    course = _course(provider, cid)
    courses.course_update(course=course, actor=user, api_key=key, **_fields(payload))
    if payload.map is not None:
        current = {m.competency.code: m.content for m in course.mappings.all()}
        if payload.map != current:
            courses.course_map_replace(course=course, actor=user, api_key=key, mapping=payload.map)
    return _course(provider, cid)


@provider_router.post(
    "/{pid}/courses/{cid}/syllabus",
    response=ProviderCourseOut,
    summary="Upload the syllabus",
)
def provider_course_syllabus(request: HttpRequest, pid: int, cid: int, file: File[UploadedFile]):
    """A PDF, Word or OpenDocument file (multipart/form-data, field `file`), checked by content."""
    provider, user, key = _acting(request, pid)
    course = _course(provider, cid)
    courses.course_syllabus_upload(course=course, actor=user, api_key=key, upload=file)
    return _course(provider, cid)


@provider_router.post(
    "/{pid}/courses/{cid}/submit",
    response=ProviderCourseOut,
    summary="Submit a course for approval (or renewal)",
)
def provider_course_submit(request: HttpRequest, pid: int, cid: int):
    """Refused with 400 and every problem listed (e.g. the competencies the map misses).
    Submitting invoices the approval fee."""
    provider, user, key = _acting(request, pid)
    course = _course(provider, cid)
    courses.course_submit(course=course, actor=user, api_key=key)
    return _course(provider, cid)


class CompletionRowIn(Schema):
    email: str = Field("", description="The candidate's e-mail address…")
    candidate_number: str = Field("", description="…or candidate number (LSSCP-C-000123).")
    completed_on: str = Field(description="Year-month-day", examples=["2026-03-31"])
    full_name: str = Field("", description="Helps staff match a row we cannot match.")
    reference: str = Field("", max_length=100, description="Your own reference.")


class CompletionReportIn(Schema):
    completions: list[CompletionRowIn] = Field(min_length=1, max_length=1000)

    model_config = example(
        {
            "completions": [
                {
                    "email": "accepted@example.org",
                    "completed_on": "2026-10-30",
                    "reference": "F26-017",
                },
                {"candidate_number": "LSSCP-C-000123", "completed_on": "2026-10-30"},
                {
                    "email": "someone.new@example.org",
                    "full_name": "Sam New",
                    "completed_on": "2026-10-30",
                },
            ]
        }
    )


class RowResultOut(Schema):
    row: int = Field(description="1 for the first item of `completions`.")
    result: str = Field(description="created, duplicate, unmatched (kept for staff) or error")
    message: str


class ReportOut(Schema):
    created: int
    duplicate: int
    unmatched: int
    error: int
    rows: list[RowResultOut]

    model_config = example(
        {
            "created": 1,
            "duplicate": 1,
            "unmatched": 1,
            "error": 0,
            "rows": [
                {"row": 1, "result": "created", "message": "Recorded for Alex Rivera."},
                {"row": 2, "result": "duplicate", "message": "Already recorded."},
                {"row": 3, "result": "unmatched", "message": "Kept for program staff."},
            ],
        }
    )


@provider_router.post(
    "/{pid}/courses/{cid}/completions",
    response=ReportOut,
    summary="Report completions of a course",
)
def provider_completions_report(
    request: HttpRequest, pid: int, cid: int, payload: CompletionReportIn
):
    """Up to 1,000 completions, matched to candidates by e-mail or candidate number. Matched
    completions are confirmed by your report and satisfy the set; unmatched ones are kept for
    program staff; rows with errors are not recorded and come back with the reason. Sending the
    same completion again is harmless (`duplicate`)."""
    provider, user, key = _acting(request, pid)
    course = _course(provider, cid)
    rows = [
        courses.ReportRow(
            line=i,
            email=item.email,
            candidate_number=item.candidate_number,
            completed_on=item.completed_on,
            full_name=item.full_name,
            reference=item.reference,
        )
        for i, item in enumerate(payload.completions, start=1)
    ]
    outcomes, counts = courses.completions_report(course=course, rows=rows, actor=user, api_key=key)
    names = {"ready": "created"}
    return {
        "created": counts.created,
        "duplicate": counts.duplicate,
        "unmatched": counts.unmatched,
        "error": counts.error,
        "rows": [
            {"row": o.row.line, "result": names.get(o.result, o.result), "message": o.message}
            for o in outcomes
        ],
    }


class CompletionOut(Schema):
    id: int
    course_id: int
    candidate_email: str
    candidate_name: str
    completed_on: date
    # a Literal, not the enum: the enum's schema name ("Status") is Course.Status's too
    status: Literal["pending", "confirmed", "rejected"]
    source: CourseCompletion.Source
    reference: str

    model_config = example(
        {
            "id": 31,
            "course_id": 1,
            "candidate_email": "accepted@example.org",
            "candidate_name": "Alex Rivera",
            "completed_on": "2026-10-30",
            "status": "confirmed",
            "source": "provider_api",
            "reference": "F26-017",
        }
    )

    @staticmethod
    def resolve_candidate_email(obj: CourseCompletion) -> str:
        return obj.candidate.email

    @staticmethod
    def resolve_candidate_name(obj: CourseCompletion) -> str:
        return obj.candidate.full_name


@provider_router.get(
    "/{pid}/completions",
    response={200: list[CompletionOut], **problems(400)},
    summary="List completions of the provider's courses",
)
@paginate(Pagination)
def provider_completions(request: HttpRequest, pid: int, status: str = ""):
    """Newest first; `status` is pending, confirmed or rejected (empty: all; anything else is
    a 400)."""
    provider, _, _ = _acting(request, pid)
    if status and status not in CourseCompletion.Status.values:
        raise HttpError(400, f"status must be one of: {', '.join(CourseCompletion.Status.values)}.")
    return courses.completion_list_for_provider(provider=provider, status=status).order_by(
        "-created_at", "-id"
    )
