"""Competency framework versions through the API (ADR 0056): the same services and permission
as the staff screens under /staff/programs/<slug>/framework/. Program staff only (the `staff`
scope): list versions, start a draft, edit its sets and competencies, fill it from a CASE file,
compare it, map old sets to new ones, publish it, and move enrolled candidates."""

from datetime import datetime
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.programs import api as programs
from certify.programs.models import Competency, CompetencySet, FrameworkVersion, Program
from certify.progress import api as progress
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, examples

router = Router(auth=token_or_session("staff"))


class FrameworkVersionOut(Schema):
    number: int
    label: str
    name: str = Field(description="How pages and credentials name it: “Version 2 (…)”.")
    status: str = Field(description="draft, published or retired.")
    case_identifier: str
    published_at: datetime | None
    published_by: str | None

    @staticmethod
    def resolve_case_identifier(obj: FrameworkVersion) -> str:
        return str(obj.case_identifier)

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
        }
    )


class DraftIn(Schema):
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
            "status": "draft",
            "case_identifier": "5b7f0c1e-2d9a-5e41-8c3b-7a6d9e0f1a22",
            "published_at": None,
            "published_by": None,
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


class SetIn(Schema):
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


class CompetencyIn(Schema):
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


class CasePackageIn(Schema):
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


class MoveIn(Schema):
    direction: Literal["up", "down"]

    model_config = example({"direction": "up"})


class MappingIn(Schema):
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


def _staff(request: HttpRequest) -> User:
    if not request.user.has_perm("programs.manage_framework"):
        raise PermissionDenied
    return cast(User, request.user)


def _program(slug: str) -> Program:
    return programs.program_get(slug=slug, published_only=False)


def _version(request: HttpRequest, slug: str, number: int) -> tuple[User, FrameworkVersion]:
    actor = _staff(request)
    return actor, programs.framework_version_get(program=_program(slug), number=number)


def _set(version: FrameworkVersion, code: str) -> CompetencySet:
    return get_object_or_404(CompetencySet, framework_version=version, code__iexact=code)


def _competency(cset: CompetencySet, code: str) -> Competency:
    return get_object_or_404(Competency, competency_set=cset, code__iexact=code)


P = "/{slug}/framework"
V = P + "/{number}"


@router.get(
    P, response=list[FrameworkVersionOut], summary="List a program's framework versions (staff)"
)
def version_list(request: HttpRequest, slug: str):
    """Newest first: drafts, the published version and retired ones."""
    _staff(request)
    return list(programs.framework_version_list(program=_program(slug)))


@router.post(P, response={201: FrameworkVersionOut}, summary="Start a new draft version (staff)")
def draft_start(request: HttpRequest, slug: str, payload: DraftIn):
    """A copy of the published version (empty for a program without one). A 400 when the
    program already has a draft."""
    actor = _staff(request)
    draft = programs.framework_draft_start(program=_program(slug), actor=actor, label=payload.label)
    return Status(201, draft)


@router.get(
    V, response=FrameworkVersionDetailOut, summary="Get one framework version with its sets"
)
def version_detail(request: HttpRequest, slug: str, number: int):
    """Its sets in order, each with its competencies."""
    _, version = _version(request, slug, number)
    version.sets = programs.framework_sets(version=version)  # type: ignore[attr-defined]
    return version


@router.post(V + "/sets", response={201: DraftSetOut}, summary="Add a set to a draft (staff)")
def set_add(request: HttpRequest, slug: str, number: int, payload: SetIn):
    """A 400 naming `code` when the version already has it; a published version refuses."""
    actor, version = _version(request, slug, number)
    cset = programs.framework_set_save(version=version, actor=actor, **payload.dict())
    return Status(201, cset)


@router.put(V + "/sets/{code}", response=DraftSetOut, summary="Change a set of a draft (staff)")
def set_update(request: HttpRequest, slug: str, number: int, code: str, payload: SetIn):
    """Every field as on the screen; a published version refuses (400)."""
    actor, version = _version(request, slug, number)
    return programs.framework_set_save(
        version=version, actor=actor, competency_set=_set(version, code), **payload.dict()
    )


@router.delete(V + "/sets/{code}", response={204: None}, summary="Remove a set (staff)")
def set_delete(request: HttpRequest, slug: str, number: int, code: str):
    """From a draft only; the published version keeps its own copy."""
    actor, version = _version(request, slug, number)
    programs.framework_set_delete(competency_set=_set(version, code), actor=actor)
    return Status(204, None)


@router.post(
    V + "/sets/{code}/competencies",
    response={201: DraftCompetencyOut},
    summary="Add a competency to a set of a draft (staff)",
)
def competency_add(request: HttpRequest, slug: str, number: int, code: str, payload: CompetencyIn):
    """A 400 naming `code` when the set already has it; a published version refuses."""
    actor, version = _version(request, slug, number)
    comp = programs.framework_competency_save(
        competency_set=_set(version, code), actor=actor, **payload.dict()
    )
    return Status(201, comp)


@router.put(
    V + "/sets/{code}/competencies/{competency}",
    response=DraftCompetencyOut,
    summary="Change a competency of a draft (staff)",
)
def competency_update(
    request: HttpRequest, slug: str, number: int, code: str, competency: str, payload: CompetencyIn
):
    """Its code, statement, portfolio suggestion and order; a published version refuses."""
    actor, version = _version(request, slug, number)
    cset = _set(version, code)
    return programs.framework_competency_save(
        competency_set=cset,
        competency=_competency(cset, competency),
        actor=actor,
        **payload.dict(),
    )


@router.delete(
    V + "/sets/{code}/competencies/{competency}",
    response={204: None},
    summary="Remove a competency from a draft (staff)",
)
def competency_delete(request: HttpRequest, slug: str, number: int, code: str, competency: str):
    """From a draft only; the published version keeps its own copy."""
    actor, version = _version(request, slug, number)
    programs.framework_competency_delete(
        competency=_competency(_set(version, code), competency), actor=actor
    )
    return Status(204, None)


@router.post(
    V + "/sets/{code}/competencies/{competency}/move",
    response=list[DraftCompetencyOut],
    summary="Move a competency up or down in its set (staff)",
)
def competency_move(
    request: HttpRequest, slug: str, number: int, code: str, competency: str, payload: MoveIn
):
    """Answers with the set's competencies in their new order."""
    actor, version = _version(request, slug, number)
    return programs.framework_competency_move(
        competency=_competency(_set(version, code), competency),
        actor=actor,
        up=payload.direction == "up",
    )


@router.post(
    V + "/case",
    response=FrameworkVersionDetailOut,
    summary="Fill a draft from a CASE 1.0 CFPackage (staff)",
)
def case_import(request: HttpRequest, slug: str, number: int, payload: CasePackageIn):
    """The draft becomes exactly the file's framework. A 400 lists each bad field
    (`CFItems[3].fullStatement: …`); nothing changes then."""
    actor, version = _version(request, slug, number)
    try:
        programs.framework_case_import(version=version, data=payload.dict(), actor=actor)
    except programs.CaseImportError as error:
        raise DomainError(" ".join(error.errors), field="CFPackage") from error
    version.sets = programs.framework_sets(version=version)  # type: ignore[attr-defined]
    return version


@router.get(
    V + "/compare",
    response=dict[str, Any],
    summary="Compare a version with the one it replaces (staff)",
    openapi_extra=examples(
        response={
            "old": 1,
            "new": 2,
            "sets_added": ["NEW"],
            "sets_removed": ["YTH"],
            "sets_changed": [
                {
                    "old": "TEC",
                    "new": "DIG",
                    "fields": [{"field": "Code", "old": "TEC", "new": "DIG"}],
                    "competencies_added": [],
                    "competencies_removed": [],
                    "competencies_changed": [],
                }
            ],
            "mapping": {"TEC": "DIG", "YTH": None},
        }
    ),
)
def compare(request: HttpRequest, slug: str, number: int):
    """Sets added, removed and changed (field by field, with their competencies), and the
    mapping of old sets to new ones (by code)."""
    _, version = _version(request, slug, number)
    c = programs.framework_compare(old=version.based_on, new=version)

    def fields(changes: list) -> list[dict[str, str]]:
        return [{"field": f.label, "old": f.old, "new": f.new} for f in changes]

    return {
        "old": c.old.number if c.old else None,
        "new": c.new.number,
        "sets_added": [s.code for s in c.sets_added],
        "sets_removed": [s.code for s in c.sets_removed],
        "sets_changed": [
            {
                "old": ch.old.code,
                "new": ch.new.code,
                "fields": fields(ch.fields),
                "competencies_added": [x.code for x in ch.competencies_added],
                "competencies_removed": [x.code for x in ch.competencies_removed],
                "competencies_changed": [
                    {"code": cc.old.code, "fields": fields(cc.fields)}
                    for cc in ch.competencies_changed
                ],
            }
            for ch in c.sets_changed
        ],
        "mapping": {row.old.code: (row.new.code if row.new else None) for row in c.mapping},
    }


@router.put(
    V + "/mapping",
    response=dict[str, Any],
    summary="Choose which new set each old set counts as (staff)",
    openapi_extra=examples(response={"TEC": "DIG", "YTH": None}),
)
def mapping_save(request: HttpRequest, slug: str, number: int, payload: MappingIn):
    """Answers with the whole mapping, by code. A 400 for a code in neither version."""
    actor, version = _version(request, slug, number)
    old_sets = {
        s.code: s.pk for s in CompetencySet.objects.filter(framework_version_id=version.based_on_id)
    }
    new_sets = {s.code: s.pk for s in CompetencySet.objects.filter(framework_version=version)}
    mapping: dict[int, int | None] = {}
    for old, new in payload.mapping.items():
        if old not in old_sets:
            raise DomainError(
                f"“{old}” is not a set of the version this draft replaces.", field="mapping"
            )
        if new is not None and new not in new_sets:
            raise DomainError(f"“{new}” is not a set of this draft.", field="mapping")
        mapping[old_sets[old]] = new_sets[new] if new is not None else None
    programs.framework_mapping_save(draft=version, actor=actor, mapping=mapping)
    c = programs.framework_compare(old=version.based_on, new=version)
    return {row.old.code: (row.new.code if row.new else None) for row in c.mapping}


@router.post(V + "/publish", response=FrameworkVersionOut, summary="Publish a draft (staff)")
def publish(request: HttpRequest, slug: str, number: int):
    """The draft becomes the published framework; the version it replaces is retired for new
    candidates. Enrolled candidates keep theirs."""
    actor, version = _version(request, slug, number)
    return programs.framework_publish(version=version, actor=actor)


@router.post(
    V + "/move-candidates",
    response=MovedOut,
    summary="Move every enrolled candidate of an old version to the published one (staff)",
)
def move_candidates(request: HttpRequest, slug: str, number: int):
    """All or nothing; completed sets are carried along the mapping, never lost."""
    actor, version = _version(request, slug, number)
    return {"moved": progress.plan_framework_move_all(version=version, actor=actor)}


@router.post(
    P + "/candidates/{application_id}/move",
    response=CandidateMovedOut,
    summary="Move one enrolled candidate to the published version (staff)",
)
def move_candidate(request: HttpRequest, slug: str, application_id: int):
    """Along the mapping of old sets to new ones; completed sets are carried, never lost. Staff
    never move their own application (400)."""
    actor = _staff(request)
    application = get_object_or_404(Application, pk=application_id, program__slug=slug)
    return progress.plan_framework_move(application=application, actor=actor)
