"""Public endpoints: programs, their competency sets and competencies, the CASE framework, and
job-requirement text for employers."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from certify.programs import api as programs
from certify.rest.openapi import EXAMPLE_PROGRAM, EXAMPLE_RULES, example, examples, problems
from certify.rest.pagination import Pagination
from certify.rest.throttling import PublicRateThrottle

router = Router(throttle=[PublicRateThrottle()])


class FeesOut(Schema):
    currency: str
    enrollment_cents: int
    member_cents: int
    member_organisation: str
    renewal_cents: int


# The rule fields each schema shows as they are named on the program.
RULE_NAMES = (
    "electives_required",
    "experience_hours_required",
    "experience_window_years",
    "certificate_validity_years",
)
DETAIL_RULE_NAMES = (
    "completion_limit_years",
    "renewal_ce_hours",
    "renewal_technology_hours",
    "portfolio_met_percent",
)


class KindOut(Schema):
    code: str
    name: str


class ExperienceOut(Schema):
    """What experience the program counts, in its words: where its candidates work, the field
    of the work, a phrase of what counts, and the kinds of workplace an entry names (by code in
    `library_type`; none: send it empty)."""

    workplace_noun: str
    experience_field: str
    experience_counts: str
    workplace_kinds: list[KindOut]


EXAMPLE_EXPERIENCE = {
    **{
        name: EXAMPLE_PROGRAM[name]
        for name in ("workplace_noun", "experience_field", "experience_counts")
    },
    "workplace_kinds": [
        {"code": programs.kind_code(name), "name": name}
        for name in ("Public", "Academic", "School", "Special", "Tribal", "Other")
    ],
}


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

    model_config = example(
        {
            "slug": "lsscp",
            "name": "Library Support Staff Certification Program",
            "short_name": "LSSCP",
            "certifying_body": "ALA-APA",
            "tagline": EXAMPLE_PROGRAM["tagline"],
            **{name: EXAMPLE_RULES[name] for name in RULE_NAMES},
            "url": "/programs/lsscp/",
        }
    )

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ProgramDetailOut(ProgramOut):
    fees: FeesOut
    experience: ExperienceOut
    completion_limit_years: int
    renewal_ce_hours: int
    renewal_technology_hours: int
    portfolio_met_percent: int

    model_config = example(
        {
            "slug": "lsscp",
            "name": "Library Support Staff Certification Program",
            "short_name": "LSSCP",
            "certifying_body": "ALA-APA",
            "tagline": EXAMPLE_PROGRAM["tagline"],
            **{name: EXAMPLE_RULES[name] for name in RULE_NAMES},
            "url": "/programs/lsscp/",
            "fees": {
                "currency": EXAMPLE_RULES["currency"],
                "enrollment_cents": EXAMPLE_RULES["enrollment_fee_cents"],
                "member_cents": EXAMPLE_RULES["member_fee_cents"],
                "member_organisation": EXAMPLE_RULES["member_organisation"],
                "renewal_cents": EXAMPLE_RULES["renewal_fee_cents"],
            },
            **{name: EXAMPLE_RULES[name] for name in DETAIL_RULE_NAMES},
            "experience": EXAMPLE_EXPERIENCE,
        }
    )

    @staticmethod
    def resolve_experience(obj) -> dict[str, Any]:
        return {
            "workplace_noun": obj.workplace_noun,
            "experience_field": obj.experience_field,
            "experience_counts": obj.experience_counts,
            "workplace_kinds": [
                {"code": code, "name": name} for code, name in programs.kind_choices(obj)
            ],
        }

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

    model_config = example(
        {
            "code": "CT",
            "name": "Communication and Teamwork",
            "kind": "core",
            "order": 2,
            "summary": "Working with the public and with colleagues.",
            "case_identifier": "6a0a53b6-3f3e-5c5e-9d57-0d1f7c2f5b11",
            "competencies": [
                {
                    "code": "CT-1",
                    "statement": "Communicate effectively with library users and staff.",
                    "portfolio_suggestion": "A reflection on a difficult conversation.",
                    "case_identifier": "0b8a1f0e-7f43-5b0c-a3c7-8b6b6f2f4a21",
                }
            ],
        }
    )

    @staticmethod
    def resolve_case_identifier(obj) -> str:
        return str(obj.case_identifier)

    @staticmethod
    def resolve_competencies(obj) -> list:
        return list(obj.competencies.all())


@router.get("", response=list[ProgramOut], summary="List published programs", auth=None)
@paginate(Pagination)
def program_list(request: HttpRequest):
    """Every published certification program, by name. Public."""
    return programs.program_list()


@router.get("/{slug}", response=ProgramDetailOut, summary="Get one program", auth=None)
def program_detail(request: HttpRequest, slug: str):
    """A program with its rules: fees in cents, hours, years and thresholds. Public."""
    return programs.program_get(slug=slug)


@router.get(
    "/{slug}/competency-sets",
    response=list[CompetencySetOut],
    summary="List a program's competency sets with their competencies",
    auth=None,
)
def competency_set_list(request: HttpRequest, slug: str):
    """Core sets first, then electives, each with its competencies in order. Public."""
    program = programs.program_get(slug=slug)
    return list(programs.competency_set_list(program=program))


@router.get(
    "/{slug}/competency-sets/{code}",
    response=CompetencySetOut,
    summary="Get one competency set",
    auth=None,
)
def competency_set_detail(request: HttpRequest, slug: str, code: str):
    """One set by its code (e.g. `CT`), with its competencies in order. Public."""
    program = programs.program_get(slug=slug)
    return programs.competency_set_get(program=program, code=code)


@router.get(
    "/{slug}/case",
    response=dict[str, Any],
    summary="The program's competency framework as a CASE 1.0 CFPackage",
    auth=None,
    openapi_extra=examples(
        response={
            "CFDocument": {
                "identifier": "3c1d7d0e-8a2b-5f8e-9a51-2f0c4a8e7d10",
                "title": "Library Support Staff Certification Program",
                "creator": "ALA-APA",
            },
            "CFItems": [
                {
                    "identifier": "0b8a1f0e-7f43-5b0c-a3c7-8b6b6f2f4a21",
                    "humanCodingScheme": "CT-1",
                    "fullStatement": "Communicate effectively with library users and staff.",
                }
            ],
            "CFAssociations": [],
        }
    ),
)
def program_case(request: HttpRequest, slug: str):
    """1EdTech CASE 1.0: CFDocument, CFItems (sets and competencies), isChildOf associations."""
    return programs.case_package_export(program=programs.program_get(slug=slug))


class JobRequirementCompetencyOut(Schema):
    code: str
    statement: str


class JobRequirementSetOut(Schema):
    code: str
    name: str
    kind: str
    summary: str
    competencies: list[JobRequirementCompetencyOut]

    @staticmethod
    def resolve_competencies(obj) -> list:
        return list(obj.competencies.all())


class JobRequirementsOut(Schema):
    program: str
    level: str
    intro: str
    text: str
    sets: list[JobRequirementSetOut]

    model_config = example(
        {
            "program": "lsscp",
            "level": "preferred",
            "intro": "Library Support Staff Certification (LSSCP) preferred, or working toward "
            "it. The certification is awarded by ALA-APA. Applicants should be able to show "
            "the competencies below.",
            "text": "Library Support Staff Certification (LSSCP) preferred, …\n\nTechnology:\n"
            "- Follows technology trends and explains how they could affect library services.\n",
            "sets": [
                {
                    "code": "TEC",
                    "name": "Technology",
                    "kind": "core",
                    "summary": "Using and supporting the technology libraries depend on.",
                    "competencies": [
                        {
                            "code": "TEC-01",
                            "statement": "Follows technology trends and explains how they "
                            "could affect library services.",
                        }
                    ],
                }
            ],
        }
    )

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.slug


SETS = Query(
    [],
    description="The codes of the competency sets the job needs (repeat the parameter: "
    "`sets=FLS&sets=TEC`), at most as many as the program has sets. Unknown codes: 400.",
)
LEVEL = Query(
    "preferred",
    description="How firm the certification is in the posting: `required` or `preferred`.",
)


@router.get(
    "/{slug}/job-requirements",
    response={200: JobRequirementsOut, **problems(400)},
    summary="Job-requirement text from chosen competency sets",
    auth=None,
)
def job_requirements(request: HttpRequest, slug: str, sets: list[str] = SETS, level: str = LEVEL):
    """For employers: text naming the certification and, for each chosen set of the published
    framework (in the program's order), its competency statements; `text` is the whole as
    plain text, as the page `/programs/{slug}/job-requirements/` shows and downloads it. Public;
    nothing is written."""
    program = programs.program_get(slug=slug)
    return programs.job_requirements_build(program=program, codes=sets, level=level)
