"""Writes for a candidate's plan: electives, routes, and sets being satisfied.

Other apps call `planned_set_start` and `planned_set_satisfy` (through `progress.api`) when a
portfolio is opened or passes, or a course completion is confirmed. Apps that must react when
every required set is satisfied (certificates) register with `on_plan_complete`.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import System, transition
from certify.programs.api import competency_sets_of, framework_version_current
from certify.programs.models import CompetencySet
from certify.progress.deadline import deadline_require_open
from certify.progress.models import PlannedSet
from certify.progress.plan_rows import FAILED  # the portfolio status the plan reads too
from certify.progress.ways_left import ways_left

# A planned set is read with what its audit entries name (its candidate and set, its application's
# program), so writing them reads no row again; `route_choose` locks the rows it always locked.
AUDITED_WITH_SET = ("application__candidate", "application__program", "competency_set")
LOCKED_WITH_SET = ("self", "application", "competency_set")

PlanCompleteHandler = Callable[..., Any]
_ON_COMPLETE: list[PlanCompleteHandler] = []


def on_plan_complete(handler: PlanCompleteHandler) -> PlanCompleteHandler:
    """Register `handler(application=..., actor=...)`, called once all required sets are done."""
    _ON_COMPLETE.append(handler)
    return handler


def plan_sets(*, application: Application) -> QuerySet[CompetencySet]:
    """The sets of the framework version the candidate enrolled under (ADR 0056); the published
    version for one accepted before versions were pinned."""
    return competency_sets_of(
        program_id=application.program_id, version=application.framework_version_id
    )


def _require_enrolled(application: Application) -> None:
    if application.status != Application.Status.ACCEPTED:
        raise DomainError("The plan opens once your application is accepted.")


@transaction.atomic
def plan_ensure(*, application: Application) -> list[PlannedSet]:
    """Every core set is in the plan of an accepted application (idempotent)."""
    _require_enrolled(application)
    if application.framework_version_id is None:  # accepted before its version was pinned
        application.framework_version = framework_version_current(program=application.program_id)
        application.save(update_fields=["framework_version"])
    core = plan_sets(application=application).filter(kind=CompetencySet.Kind.CORE)
    have = set(application.planned_sets.values_list("competency_set_id", flat=True))
    PlannedSet.objects.bulk_create(
        [PlannedSet(application=application, competency_set=s) for s in core if s.pk not in have],
        ignore_conflicts=True,
    )
    return list(application.planned_sets.select_related("competency_set"))


@transaction.atomic
def electives_choose(
    *, application: Application, actor: User, set_codes: list[str], today: date | None = None
) -> list[PlannedSet]:
    """Choose exactly the program's number of electives. A started or completed set stays.
    Refused after the completion deadline (`today`: the program's today unless a history is
    replayed, as the demo does)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "program")
        .get(pk=application.pk)
    )
    if application.candidate_id != actor.pk:
        raise DomainError("Only the candidate chooses their electives.")
    _require_enrolled(application)
    deadline_require_open(application=application, today=today)
    plan_ensure(application=application)
    wanted = {code.upper() for code in set_codes}
    electives = {
        s.code: s
        for s in plan_sets(application=application).filter(kind=CompetencySet.Kind.ELECTIVE)
    }
    unknown = wanted - set(electives)
    if unknown:
        raise DomainError(f"Not an elective of this program: {', '.join(sorted(unknown))}.")
    required = application.rule("electives_required")
    if len(wanted) != required:
        raise DomainError(f"Choose exactly {required} electives (you chose {len(wanted)}).")
    current = {
        p.competency_set.code: p
        for p in application.planned_sets.select_related("competency_set").filter(
            competency_set__kind=CompetencySet.Kind.ELECTIVE,
            competency_set__framework_version=application.framework_version_id,
        )
    }
    locked = [code for code, p in current.items() if p.status != PlannedSet.Status.NOT_STARTED]
    dropped_locked = [code for code in locked if code not in wanted]
    if dropped_locked:
        names = ", ".join(current[c].competency_set.name for c in dropped_locked)
        raise DomainError(f"You have already started or completed {names}; it stays in your plan.")
    for code, planned in current.items():
        if code not in wanted:
            planned.delete()
    for code in wanted - set(current):
        PlannedSet.objects.create(application=application, competency_set=electives[code])
    audit_record(
        actor=actor,
        verb="plan.electives_chosen",
        target=application,
        data={"electives": sorted(wanted)},
    )
    return list(application.planned_sets.select_related("competency_set"))


# A portfolio not met for good (`failed`: no resubmission left; an appeal sent back reopens
# it) closes the portfolio route of its set: choosing it again would change nothing. The plan's
# route form says the same and offers it no more (`plan_rows`).
PORTFOLIO_CLOSED = (
    "Your portfolio for {name} was not met and cannot be submitted again, so a portfolio "
    "is no longer a way to show this set."
)


def portfolio_closed(planned: PlannedSet) -> bool:
    """Whether the set's portfolio was not met for good (read from the database)."""
    return PlannedSet.objects.filter(pk=planned.pk, portfolio__status=FAILED).exists()


@transaction.atomic
def route_choose(
    *, planned: PlannedSet, actor: User, route: str, today: date | None = None
) -> PlannedSet:
    """How the candidate will show a set; refused after the completion deadline (`today` as for
    `electives_choose`)."""
    planned = (
        PlannedSet.objects.select_for_update(of=LOCKED_WITH_SET)
        .select_related(*AUDITED_WITH_SET)
        .get(pk=planned.pk)
    )
    if planned.application.candidate_id != actor.pk:
        raise DomainError("Only the candidate chooses how to show a set.")
    deadline_require_open(application=planned.application, today=today)
    if route not in PlannedSet.Route.values or not route:
        raise DomainError("Choose an approved course, a portfolio or a recognized program.")
    if planned.is_satisfied:
        raise DomainError("This set is already complete.")
    program = planned.application.program
    if route == PlannedSet.Route.PROGRAMME and not program.recognised_programme_years:
        raise DomainError(
            f"The {program.short_name} recognizes no college programs: choose an approved "
            "course or a portfolio.",
            field="route",
        )
    if not planned.competency_set.allows_route(route):
        raise DomainError(
            f"{planned.competency_set.name} is shown by "
            f"{planned.competency_set.get_routes_display().lower()}.",
            field="route",
        )
    if route == PlannedSet.Route.PORTFOLIO and portfolio_closed(planned):
        cset = planned.competency_set
        ways = ways_left(competency_set=cset, program=program)
        instead = f" Choose {ways} instead." if ways else ""
        raise DomainError(PORTFOLIO_CLOSED.format(name=cset.name) + instead, field="route")
    planned.route = route
    planned.save(update_fields=["route"])
    audit_record(
        actor=actor,
        verb="plan.route_chosen",
        target=planned.application,
        data={"set": planned.competency_set_id, "route": route},
    )
    return planned


@transaction.atomic
def planned_set_start(*, planned: PlannedSet) -> PlannedSet:
    if planned.status == PlannedSet.Status.NOT_STARTED:
        transition(planned, "start", actor=System(why="the route was started"), update_fields=[])
    return planned


@transaction.atomic
def planned_set_satisfy(
    *, planned: PlannedSet, actor: User | None, route: str, evidence: str
) -> PlannedSet:
    """Mark a set complete (once: a completed set is never redone). May complete the plan."""
    # Lock the application first: two last sets satisfied at the same moment then see each
    # other, so the plan completes exactly once (neither both nor neither).
    Application.objects.select_for_update().filter(pk=planned.application_id).first()
    planned = (
        PlannedSet.objects.select_for_update(of=("self", "application"))
        .select_related(*AUDITED_WITH_SET)
        .get(pk=planned.pk)
    )
    if planned.is_satisfied:
        return planned
    planned.route = route
    planned.satisfied_at = timezone.now()
    planned.satisfied_by = actor
    planned.evidence = evidence[:300]
    transition(
        planned,
        "satisfy",
        actor=System(why=evidence[:200]),
        data={
            "set": planned.competency_set_id,
            "route": route,
            "evidence": evidence,
            "decided_by": getattr(actor, "pk", None),
        },
    )
    if plan_is_complete(application=planned.application):
        for handler in _ON_COMPLETE:
            handler(application=planned.application, actor=actor)
    return planned


def plan_is_complete(*, application: Application) -> bool:
    """All core sets and the required number of electives are satisfied."""
    rows = list(
        application.planned_sets.select_related("competency_set").filter(
            competency_set__in=plan_sets(application=application)
        )
    )
    core_ids = set(
        plan_sets(application=application)
        .filter(kind=CompetencySet.Kind.CORE)
        .values_list("pk", flat=True)
    )
    done = {r.competency_set_id for r in rows if r.is_satisfied}
    electives_done = sum(
        1 for r in rows if r.is_satisfied and r.competency_set.kind == CompetencySet.Kind.ELECTIVE
    )
    return core_ids <= done and electives_done >= application.rule("electives_required")
