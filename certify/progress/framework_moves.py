"""Moving enrolled candidates to a newer version of the program's framework (ADR 0056).

Publishing a version never changes an enrolled candidate: they keep the version they enrolled
under. Staff may move one candidate, or every candidate of an old version, to the published
version; the plan then follows the mapping of old sets to new ones that staff confirmed on the
comparison page:
- a completed set is never lost: it becomes its new set, still complete, and remembers where it
  came from (`carried_from`); a completed set that maps to no new set stays in the plan,
  recorded and shown, but no longer counts toward the new framework;
- a set not started becomes its new set (or leaves the plan when it maps to none); core sets of
  the new version that are missing are added;
- a set in progress keeps its work only when its new set has the same competencies; otherwise
  the move is refused until that set is decided.
"""

from dataclasses import dataclass, field

from django.db import transaction

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.applications.models import Application
from certify.core.duties import require_not_own
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.programs.api import framework_version_current, set_mapping
from certify.programs.models import Competency, CompetencySet, FrameworkVersion
from certify.progress.models import PlannedSet
from certify.progress.services import plan_ensure


@dataclass
class MoveReport:
    """What moving one candidate did, set by set (codes)."""

    carried: list[str] = field(default_factory=list)  # completed, now the new set "OLD → NEW"
    kept: list[str] = field(default_factory=list)  # completed, mapped to no new set
    replaced: list[str] = field(default_factory=list)  # not started or in progress, re-pointed
    dropped: list[str] = field(default_factory=list)  # not started, mapped to no new set


def _competency_ids(set_id: int) -> set[str]:
    return {
        str(i)
        for i in Competency.objects.filter(competency_set_id=set_id).values_list(
            "case_identifier", flat=True
        )
    }


def _move_one(application: Application, to: FrameworkVersion, actor: User) -> MoveReport:
    old = application.framework_version
    if old is None:
        raise DomainError("This candidate has no framework version to move from.")
    mapping = set_mapping(old=old, new=to)
    new_sets = {s.pk: s for s in CompetencySet.objects.filter(framework_version=to)}
    rows = list(
        PlannedSet.objects.select_for_update(of=("self",))
        .select_related("competency_set")
        .filter(application=application, competency_set__framework_version=old)
    )
    report = MoveReport()
    taken = set(
        PlannedSet.objects.filter(
            application=application, competency_set__framework_version=to
        ).values_list("competency_set_id", flat=True)
    )
    for row in rows:
        target_id = mapping.get(row.competency_set_id)
        code = row.competency_set.code
        if (
            row.status == PlannedSet.Status.IN_PROGRESS
            and target_id is not None
            and _competency_ids(row.competency_set_id) != _competency_ids(target_id)
        ):
            raise DomainError(
                f"{code} is in progress and its competencies changed in {to.name}: move "
                "this candidate once that set is decided.",
            )
        if target_id is None:
            if row.status == PlannedSet.Status.NOT_STARTED:
                row.delete()
                report.dropped.append(code)
            else:
                report.kept.append(code)  # stays, recorded under its own version
            continue
        if target_id in taken:  # two old sets count as one new set: the first one carries it
            if row.status == PlannedSet.Status.NOT_STARTED:
                row.delete()
                report.dropped.append(code)
            else:
                report.kept.append(code)
            continue
        taken.add(target_id)
        target = new_sets[target_id]
        if not target.allows_route(row.route) and row.status == PlannedSet.Status.NOT_STARTED:
            row.route = ""
        row.carried_from = row.competency_set
        row.competency_set = target
        row.save(update_fields=["competency_set", "carried_from", "route"])
        if row.is_satisfied:
            report.carried.append(f"{code} → {target.code}")
        else:
            report.replaced.append(f"{code} → {target.code}")
    application.framework_version = to
    application.save(update_fields=["framework_version"])
    plan_ensure(application=application)
    audit_record(
        actor=actor,
        verb="plan.framework_moved",
        target=application,
        data={
            "from": old.number,
            "to": to.number,
            "carried": report.carried,
            "kept": report.kept,
            "replaced": report.replaced,
            "dropped": report.dropped,
        },
    )
    return report


def _require_mover(actor: User, candidates: set[int]) -> None:
    """Program staff, deciding about nobody whose plan moves (their own, or someone they
    declared a conflict with: ADR 0022)."""
    require_role(actor, Role.PROGRAM_STAFF, to="move candidates to another framework version")
    require_not_own(actor, people=candidates)


def _target(program_id: int) -> FrameworkVersion:
    to = framework_version_current(program=program_id)
    if to is None:
        raise DomainError("The program has no published framework version to move to.")
    return to


@transaction.atomic
def plan_framework_move(*, application: Application, actor: User) -> MoveReport:
    """Move one enrolled candidate to the program's published framework version."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_mover(actor, {application.candidate_id})
    if application.status != Application.Status.ACCEPTED:
        raise DomainError("Only an enrolled candidate is moved to another framework version.")
    to = _target(application.program_id)
    if application.framework_version_id == to.pk:
        raise DomainError(f"This candidate is already on {to.name}.")
    return _move_one(application, to, actor)


@transaction.atomic
def plan_framework_move_all(*, version: FrameworkVersion, actor: User) -> int:
    """Move every enrolled candidate of `version` (an older version) to the published one. All
    or nothing: one candidate who cannot be moved stops the move, naming them. Staff among
    those candidates (or in conflict with one) ask another staff member."""
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(framework_version=version, status=Application.Status.ACCEPTED)
        .select_related("framework_version")
        .order_by("pk")
    )
    _require_mover(actor, {a.candidate_id for a in applications})
    to = _target(version.program_id)
    if version.pk == to.pk:
        raise DomainError(f"{to.name} is the published version: there is nowhere to move to.")
    moved = 0
    for application in applications:
        try:
            _move_one(application, to, actor)
        except DomainError as error:
            raise DomainError(f"Candidate {application.pk}: {error.message}") from error
        moved += 1
    return moved
