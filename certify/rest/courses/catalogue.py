"""The public catalogue of approved courses."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.courses import api as courses
from certify.courses.models import Course
from certify.programs import api as programs
from certify.rest.courses.auth import router
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination

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
    summary="Search the catalog of approved courses",
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
    course = courses.course_public_find(pk=course_id)
    if course is None:
        raise HttpError(404, "This course is not in the catalog.")
    return course
