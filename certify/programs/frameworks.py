"""Writes for competency framework versions (ADR 0056): drafting, CASE import, the old → new
mapping of sets, and publishing.

A draft is the only version that changes: every write here refuses a published or retired one.
Program staff make every change (`require_role`); publishing goes through the workflow engine.
Enrolled candidates are never touched here: moving them to a newer version is the plan's
(`progress.api.plan_migrate`).
"""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check, transition
from certify.programs.case import case_package_import
from certify.programs.models import (
    Competency,
    CompetencySet,
    FrameworkVersion,
    Program,
    stable_uuid,
)
from certify.programs.services import LoadReport, framework_version_copy

TO_EDIT = "change a competency framework"


def _require_framework_editor(actor: User) -> None:
    require_role(actor, Role.PROGRAM_STAFF, to=TO_EDIT)


def _require_draft(version: FrameworkVersion) -> None:
    if not version.is_draft:
        raise DomainError(
            f"{version.name} is {version.get_status_display().lower()}: it no longer changes. "
            "Start a new draft to change the framework."
        )


@transaction.atomic
def framework_draft_start(*, program: Program, actor: User, label: str = "") -> FrameworkVersion:
    """A new draft: a copy of the published version, or empty for a program without one."""
    _require_framework_editor(actor)
    row_lock(program)
    if FrameworkVersion.objects.filter(program=program, status=FrameworkVersion.S.DRAFT).exists():
        raise DomainError("This program already has a draft: edit it or publish it first.")
    published = FrameworkVersion.objects.filter(
        program=program, status=FrameworkVersion.S.PUBLISHED
    ).first()
    draft = framework_version_copy(
        program=program, source=published, actor=actor, label=label.strip()[:100]
    )
    audit_record(
        actor=actor,
        verb="framework.draft_started",
        target=draft,
        data={"number": draft.number, "based_on": published.number if published else None},
    )
    return draft


def _set_identifier(version: FrameworkVersion, code: str) -> uuid.UUID:
    """A new set's CASE identifier: the program's stable one for its code, unless this version
    already uses it (a renamed set kept it)."""
    candidate = stable_uuid("set", version.program.slug, code)
    if CompetencySet.objects.filter(framework_version=version, case_identifier=candidate).exists():
        return uuid.uuid4()
    return candidate


@transaction.atomic
def framework_set_save(
    *,
    version: FrameworkVersion,
    actor: User,
    competency_set: CompetencySet | None = None,
    code: str,
    name: str,
    kind: str,
    order: int | None = None,
    summary: str = "",
    routes: str = CompetencySet.Routes.BOTH,
) -> CompetencySet:
    """Add a set to a draft, or change one of its sets. Codes are unique within the version."""
    _require_framework_editor(actor)
    _require_draft(version)
    code = code.strip().upper()
    if competency_set is not None and competency_set.framework_version_id != version.pk:
        raise DomainError("That set belongs to another version.")
    clash = CompetencySet.objects.filter(framework_version=version, code=code)
    if competency_set is not None:
        clash = clash.exclude(pk=competency_set.pk)
    if clash.exists():
        raise DomainError(f"This version already has a set with the code “{code}”.", field="code")
    if order is None:
        last = CompetencySet.objects.filter(framework_version=version).aggregate(m=Max("order"))
        order = (last["m"] or 0) + 1
    cset = competency_set or CompetencySet(
        program=version.program,
        framework_version=version,
        case_identifier=_set_identifier(version, code),
    )
    cset.code = code
    cset.name = name.strip()
    cset.kind = kind
    cset.order = order
    cset.summary = summary.strip()
    cset.routes = routes
    cset.full_clean()
    cset.save()
    audit_record(
        actor=actor,
        verb="framework.set_saved",
        target=version,
        data={"set": code, "new": competency_set is None},
    )
    return cset


@transaction.atomic
def framework_set_delete(*, competency_set: CompetencySet, actor: User) -> None:
    _require_framework_editor(actor)
    _require_draft(competency_set.framework_version)
    version, code = competency_set.framework_version, competency_set.code
    competency_set.delete()
    audit_record(actor=actor, verb="framework.set_removed", target=version, data={"set": code})


def _competency_identifier(cset: CompetencySet, code: str) -> uuid.UUID:
    candidate = stable_uuid("competency", cset.program.slug, code)
    taken = Competency.objects.filter(
        competency_set__framework_version=cset.framework_version_id, case_identifier=candidate
    )
    return uuid.uuid4() if taken.exists() else candidate


@transaction.atomic
def framework_competency_save(
    *,
    competency_set: CompetencySet,
    actor: User,
    competency: Competency | None = None,
    code: str,
    statement: str,
    portfolio_suggestion: str = "",
    order: int | None = None,
) -> Competency:
    """Add a competency to a set of a draft, or change one. Codes are unique within the set."""
    _require_framework_editor(actor)
    _require_draft(competency_set.framework_version)
    code = code.strip().upper()
    if competency is not None and competency.competency_set_id != competency_set.pk:
        raise DomainError("That competency belongs to another set.")
    clash = Competency.objects.filter(competency_set=competency_set, code=code)
    if competency is not None:
        clash = clash.exclude(pk=competency.pk)
    if clash.exists():
        raise DomainError(f"This set already has a competency “{code}”.", field="code")
    if order is None:
        last = Competency.objects.filter(competency_set=competency_set).aggregate(m=Max("order"))
        order = (last["m"] or 0) + 1
    comp = competency or Competency(
        competency_set=competency_set,
        case_identifier=_competency_identifier(competency_set, code),
    )
    comp.code = code
    comp.statement = statement.strip()
    comp.portfolio_suggestion = portfolio_suggestion.strip()
    comp.order = order
    comp.full_clean()
    comp.save()
    audit_record(
        actor=actor,
        verb="framework.competency_saved",
        target=competency_set.framework_version,
        data={"set": competency_set.code, "competency": code, "new": competency is None},
    )
    return comp


@transaction.atomic
def framework_competency_delete(*, competency: Competency, actor: User) -> None:
    _require_framework_editor(actor)
    cset = competency.competency_set
    _require_draft(cset.framework_version)
    code = competency.code
    competency.delete()
    audit_record(
        actor=actor,
        verb="framework.competency_removed",
        target=cset.framework_version,
        data={"set": cset.code, "competency": code},
    )


@transaction.atomic
def framework_competency_move(*, competency: Competency, actor: User, up: bool) -> list[Competency]:
    """Move a competency one place up or down in its set; the set is numbered 1, 2, 3… again."""
    _require_framework_editor(actor)
    cset = competency.competency_set
    _require_draft(cset.framework_version)
    rows = list(Competency.objects.filter(competency_set=cset).order_by("order", "code"))
    at = next(i for i, c in enumerate(rows) if c.pk == competency.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(rows):
        rows[at], rows[to] = rows[to], rows[at]
    for number, comp in enumerate(rows, start=1):
        comp.order = number
    Competency.objects.bulk_update(rows, ["order"])
    return rows


@transaction.atomic
def framework_case_import(*, version: FrameworkVersion, data: Any, actor: User) -> LoadReport:
    """Fill a draft from a CASE CFPackage (the draft becomes exactly the file's framework).
    Raises `CaseImportError` naming each bad field; nothing changes then."""
    _require_framework_editor(actor)
    _require_draft(version)
    _, report = case_package_import(data=data, version=version, actor=actor)
    return report


@transaction.atomic
def framework_mapping_save(
    *, draft: FrameworkVersion, actor: User, mapping: dict[int, int | None]
) -> FrameworkVersion:
    """Staff's choices of which set of the draft each set of the published version counts as
    (None: none). Keys are sets of the version the draft replaces, values sets of the draft."""
    _require_framework_editor(actor)
    _require_draft(draft)
    published = FrameworkVersion.objects.filter(
        program=draft.program_id, status=FrameworkVersion.S.PUBLISHED
    ).first()
    old_ids = set(
        CompetencySet.objects.filter(framework_version=published).values_list("pk", flat=True)
    )
    new_ids = set(
        CompetencySet.objects.filter(framework_version=draft).values_list("pk", flat=True)
    )
    cleaned: dict[str, int | None] = {}
    for old, new in mapping.items():
        if old not in old_ids:
            raise DomainError("The mapping names a set that is not in the published version.")
        if new is not None and new not in new_ids:
            raise DomainError("The mapping names a set that is not in the draft.")
        cleaned[str(old)] = new
    draft.set_mapping = cleaned
    draft.save(update_fields=["set_mapping"])
    audit_record(actor=actor, verb="framework.mapping_saved", target=draft, data=cleaned)
    return draft


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, actor: User) -> FrameworkVersion:
    """Make the draft the current framework: new candidates enroll under it. The version it
    replaces is retired for new candidates; enrolled candidates keep theirs."""
    _require_framework_editor(actor)
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    row_lock(version.program)
    check(version, "publish", actor=actor)
    if not CompetencySet.objects.filter(framework_version=version).exists():
        raise DomainError("Add at least one competency set before publishing.")
    if not CompetencySet.objects.filter(
        framework_version=version, kind=CompetencySet.Kind.CORE
    ).exists():
        raise DomainError("Add at least one required (core) set before publishing.")
    empty = CompetencySet.objects.filter(framework_version=version, competencies__isnull=True)
    if empty.exists():
        names = ", ".join(s.code for s in empty)
        raise DomainError(f"Every set needs at least one competency: {names} has none.")
    previous = (
        FrameworkVersion.objects.select_for_update(of=("self",))
        .filter(program=version.program_id, status=FrameworkVersion.S.PUBLISHED)
        .first()
    )
    if previous is not None:
        transition(previous, "retire", actor=SYSTEM, reason=f"replaced by version {version.number}")
    version.published_at = timezone.now()
    version.published_by = actor
    transition(version, "publish", actor=actor)
    return version
