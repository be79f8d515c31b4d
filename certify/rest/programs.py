"""Public endpoints: programs, their competency sets and competencies, the CASE framework."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from certify.programs import selectors
from certify.programs.case import case_package_export
from certify.rest.pagination import Pagination
from certify.rest.throttling import PublicRateThrottle

router = Router(throttle=[PublicRateThrottle()])


class FeesOut(Schema):
    currency: str
    enrollment_cents: int
    member_cents: int
    member_organisation: str
    renewal_cents: int


class ProgramOut(Schema):
    slug: str
    name: str
    short_name: str
    certifying_body: str
    tagline: str
    electives_required: int
    experience_hours_required: int
    experience_window_years: int
    certificate_validity_years: int
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ProgramDetailOut(ProgramOut):
    fees: FeesOut
    completion_limit_years: int
    renewal_ce_hours: int
    renewal_technology_hours: int
    portfolio_met_percent: int

    @staticmethod
    def resolve_fees(obj) -> dict[str, Any]:
        return {
            "currency": obj.currency,
            "enrollment_cents": obj.enrollment_fee_cents,
            "member_cents": obj.member_fee_cents,
            "member_organisation": obj.member_organisation,
            "renewal_cents": obj.renewal_fee_cents,
        }


class CompetencyOut(Schema):
    code: str
    statement: str
    portfolio_suggestion: str
    case_identifier: str

    @staticmethod
    def resolve_case_identifier(obj) -> str:
        return str(obj.case_identifier)


class CompetencySetOut(Schema):
    code: str
    name: str
    kind: str
    order: int
    summary: str
    case_identifier: str
    competencies: list[CompetencyOut]

    @staticmethod
    def resolve_case_identifier(obj) -> str:
        return str(obj.case_identifier)

    @staticmethod
    def resolve_competencies(obj) -> list:
        return list(obj.competencies.all())


@router.get("", response=list[ProgramOut], summary="List published programs", auth=None)
@paginate(Pagination)
def program_list(request: HttpRequest):
    """Every published certification program, by name."""
    return selectors.program_list()


@router.get("/{slug}", response=ProgramDetailOut, summary="Get one program", auth=None)
def program_detail(request: HttpRequest, slug: str):
    """A program with its rules: fees in cents, hours, years and thresholds."""
    return selectors.program_get(slug=slug)


@router.get(
    "/{slug}/competency-sets",
    response=list[CompetencySetOut],
    summary="List a program's competency sets with their competencies",
    auth=None,
)
def competency_set_list(request: HttpRequest, slug: str):
    """Core sets first, then electives, each with its competencies in order."""
    program = selectors.program_get(slug=slug)
    return list(selectors.competency_set_list(program=program))


@router.get(
    "/{slug}/competency-sets/{code}",
    response=CompetencySetOut,
    summary="Get one competency set",
    auth=None,
)
def competency_set_detail(request: HttpRequest, slug: str, code: str):
    program = selectors.program_get(slug=slug)
    return selectors.competency_set_get(program=program, code=code)


@router.get(
    "/{slug}/case",
    response=dict[str, Any],
    summary="The program's competency framework as a CASE 1.0 CFPackage",
    auth=None,
)
def program_case(request: HttpRequest, slug: str):
    """1EdTech CASE 1.0: CFDocument, CFItems (sets and competencies), isChildOf associations."""
    return case_package_export(program=selectors.program_get(slug=slug))
