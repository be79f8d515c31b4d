"""The request and answer shapes of the framework version operations (`rest.frameworks`)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from certify.programs.api import program_day
from certify.programs.models import Competency, CompetencySet, FrameworkVersion
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema


class FrameworkVersionOut(Schema):
    number: int
    label: str
    name: str = Field(description="How pages and credentials name it: “Version 2 (…)”.")
    status: str = Field(description="draft, published or retired.")
    case_identifier: str
    published_at: datetime | None
    published_by: str | None
    published_on: date | None = Field(
        description="The day it was published in the program's time zone, as its pages show it "
        "(`published_at` is the instant, with its offset)."
    )

    @staticmethod
    def resolve_case_identifier(obj: FrameworkVersion) -> str:
        return str(obj.case_identifier)

    @staticmethod
    def resolve_published_on(obj: FrameworkVersion) -> date | None:
        return program_day(obj.published_at, obj.program) if obj.published_at else None

    @staticmethod
    def resolve_published_by(obj: FrameworkVersion) -> str | None:
        return str(obj.published_by) if obj.published_by_id else None

    model_config = example(
        {
            "number": 2,
            "label": "2012 revision",
            "name": "Version 2 (2012 revision)",
            "status": "draft",
            "case_identifier": "5b7f0c1e-2d9a-5e41-8c3b-7a6d9e0f1a22",
            "published_at": None,
            "published_by": None,
            "published_on": None,
        }
    )


class DraftIn(InputSchema):
    label: str = Field("", max_length=100, description="What people will call the version.")

    model_config = example({"label": "2012 revision"})


class DraftCompetencyOut(Schema):
    code: str
    statement: str
    portfolio_suggestion: str
    order: int

    model_config = example(
        {
            "code": "TEC-01",
            "statement": "Follows technology trends and explains how they affect services.",
            "portfolio_suggestion": "Describe a new tool you introduced.",
            "order": 1,
        }
    )


class DraftSetOut(Schema):
    code: str
    name: str
    kind: str
    routes: str = Field(description="both, course or portfolio: how a candidate may show it.")
    order: int
    summary: str
    case_identifier: str
    competencies: list[DraftCompetencyOut]

    @staticmethod
    def resolve_case_identifier(obj: CompetencySet) -> str:
        return str(obj.case_identifier)

    @staticmethod
    def resolve_competencies(obj: CompetencySet) -> list[Competency]:
        return list(obj.competencies.all())

    model_config = example(
        {
            "code": "TEC",
            "name": "Technology",
            "kind": "core",
            "routes": "both",
            "order": 3,
            "summary": "Using and supporting technology in the library.",
            "case_identifier": "0b8a1f0e-7f43-5b0c-a3c7-8b6b6f2f4a21",
            "competencies": [],
        }
    )


class FrameworkVersionDetailOut(FrameworkVersionOut):
    sets: list[DraftSetOut]

    model_config = example(
        {
            "number": 2,
            "label": "2012 revision",
            "name": "Version 2 (2012 revision)",
            "status": "published",
            "case_identifier": "5b7f0c1e-2d9a-5e41-8c3b-7a6d9e0f1a22",
            "published_at": "2026-12-04T05:30:00Z",
            "published_by": "Pat Program",
            "published_on": "2026-12-03",
            "sets": [
                {
                    "code": "DIG",
                    "name": "Digital Literacy",
                    "kind": "core",
                    "routes": "both",
                    "order": 3,
                    "summary": "Finding, judging and using digital information.",
                    "case_identifier": "0b8a1f0e-7f43-5b0c-a3c7-8b6b6f2f4a21",
                    "competencies": [
                        {
                            "code": "DIG-01",
                            "statement": "Judges whether an online source can be trusted.",
                            "portfolio_suggestion": "",
                            "order": 1,
                        }
                    ],
                }
            ],
        }
    )


class SetIn(InputSchema):
    code: str = Field(max_length=20)
    name: str = Field(max_length=200)
    kind: Literal["core", "elective"]
    routes: Literal["both", "course", "portfolio"] = "both"
    order: int | None = Field(None, ge=0, le=999, description="Empty: after the last set.")
    summary: str = ""

    model_config = example(
        {
            "code": "DIG",
            "name": "Digital Literacy",
            "kind": "core",
            "routes": "both",
            "order": 3,
            "summary": "Finding, judging and using digital information.",
        }
    )


class CompetencyIn(InputSchema):
    code: str = Field(max_length=30)
    statement: str = Field(min_length=1)
    portfolio_suggestion: str = ""
    order: int | None = Field(None, ge=0, le=999, description="Empty: after the last one.")

    model_config = example(
        {
            "code": "DIG-01",
            "statement": "Judges whether an online source can be trusted.",
            "portfolio_suggestion": "",
            "order": None,
        }
    )


class CasePackageIn(InputSchema):
    """A CASE 1.0 CFPackage as exported by `GET /programs/{slug}/case` or another CASE tool."""

    CFDocument: dict[str, Any]
    CFItems: list[dict[str, Any]]
    CFAssociations: list[dict[str, Any]]

    model_config = example(
        {
            "CFDocument": {
                "identifier": "5b7f0c1e-2d9a-5e41-8c3b-7a6d9e0f1a22",
                "uri": "https://example.org/case/doc",
                "creator": "ALA-APA",
                "title": "Library Support Staff Certification Program",
                "lastChangeDateTime": "2012-01-01T00:00:00+00:00",
            },
            "CFItems": [],
            "CFAssociations": [],
        }
    )


class MoveIn(InputSchema):
    direction: Literal["up", "down"]

    model_config = example({"direction": "up"})


class MappingIn(InputSchema):
    mapping: dict[str, str | None] = Field(
        description="Code of a set of the version the draft replaces → code of the draft's set "
        "it counts as, or null for none. Sets not named keep their match (identifier, code)."
    )

    model_config = example({"mapping": {"TEC": "DIG", "YTH": None}})


class MovedOut(Schema):
    moved: int

    model_config = example({"moved": 12})


class CandidateMovedOut(Schema):
    carried: list[str] = Field(description="Completed sets carried over, “OLD → NEW”.")
    kept: list[str] = Field(description="Completed sets that count as no new set, kept.")
    replaced: list[str]
    dropped: list[str]

    model_config = example(
        {"carried": ["TEC → DIG"], "kept": ["YTH"], "replaced": [], "dropped": []}
    )
