"""Competency framework versions through the API (ADR 0056): the same services and permission
as the staff screens under /staff/programs/<slug>/framework/. Program staff only (the `staff`
scope): list versions, start a draft, edit its sets and competencies, fill it from a CASE file,
compare it, map old sets to new ones, publish it, and move enrolled candidates."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.programs import api as programs
from certify.programs.models import Competency, CompetencySet, FrameworkVersion, Program
from certify.progress import api as progress
from certify.rest.auth import token_or_session
from certify.rest.framework_schemas import (
    CandidateMovedOut,
    CasePackageIn,
    CompetencyIn,
    DraftCompetencyOut,
    DraftIn,
    DraftSetOut,
    FrameworkVersionDetailOut,
    FrameworkVersionOut,
    MappingIn,
    MovedOut,
    MoveIn,
    SetIn,
)
from certify.rest.openapi import examples

router = Router(auth=token_or_session("staff"))


def _framework_editor(request: HttpRequest) -> User:
    if not request.user.has_perm("programs.manage_framework"):
        raise PermissionDenied
    return cast(User, request.user)


def _program(slug: str) -> Program:
    return programs.program_get(slug=slug, published_only=False)


def _version(request: HttpRequest, slug: str, number: int) -> tuple[User, FrameworkVersion]:
    actor = _framework_editor(request)
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
    _framework_editor(request)
    return list(programs.framework_version_list(program=_program(slug)))


@router.post(P, response={201: FrameworkVersionOut}, summary="Start a new draft version (staff)")
def draft_start(request: HttpRequest, slug: str, payload: DraftIn):
    """A copy of the published version (empty for a program without one). A 400 when the
    program already has a draft."""
    actor = _framework_editor(request)
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
    actor = _framework_editor(request)
    application = get_object_or_404(Application, pk=application_id, program__slug=slug)
    return progress.plan_framework_move(application=application, actor=actor)
