from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, F, QuerySet, When

from certify.applications.models import Application
from certify.core.precompiled import Precompiled
from certify.programs.api import competency_set_list_of
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet


@dataclass
class Plan:
    application: Application
    core: list[PlannedSet]
    electives: list[PlannedSet]
    available_electives: list[CompetencySet]
    # Core sets of the program that have no row in the plan yet (`progress.services.plan_ensure`
    # adds them): empty once the plan has been opened, unless the program gained a core set.
    missing_core: list[CompetencySet] = field(default_factory=list)
    # Sets kept from an earlier framework version that count as none of this one (completed or
    # in progress), each with its own set loaded.
    earlier: list[PlannedSet] = field(default_factory=list)

    # Worked out once: the plan page reads each figure several times (the rows are read once,
    # by `plan_get`, and not changed after).
    @cached_property
    def required_count(self) -> int:
        return len(self.core) + self.electives_required

    @cached_property
    def satisfied_count(self) -> int:
        """The sets complete toward `required_count`: electives beyond the number required (a
        case moved to rules that ask for fewer) count once, so the plan never reads "7 of 6"."""
        core = sum(1 for p in self.core if p.is_satisfied)
        electives = sum(1 for p in self.electives if p.is_satisfied)
        return core + min(electives, self.electives_required)

    @cached_property
    def percent(self) -> int:
        return int(self.satisfied_count * 100 / self.required_count) if self.required_count else 0

    @cached_property
    def electives_required(self) -> int:
        """The number of electives the candidate's case was submitted under."""
        return self.application.rule("electives_required")

    @property
    def electives_chosen(self) -> bool:
        return len(self.electives) >= self.electives_required


def _rows_of(*, application_id: int) -> QuerySet[PlannedSet]:
    # Each row's portfolio status (`portfolio_status`, None without one) in the same query: the
    # plan says where a portfolio stands (`plan_rows`). A plain value, not the portfolio loaded
    # with the row: the page's content is kept by the facts of its rows (ADR 0068), and a
    # portfolio loaded with its row links back to the row.
    return (
        PlannedSet.objects.filter(application_id=application_id)
        .select_related("carried_from__framework_version")
        .annotate(portfolio_status=F("portfolio__status"))
        .order_by()
    )


# Every plan page reads them: compiled once per process (ADR 0062).
_plan_rows = Precompiled(_rows_of, ints=("application_id",))


def plan_get(*, application: Application) -> Plan:
    """The plan in two queries, whatever its size: the program's sets and the plan's rows (each
    row is given its set from the first query rather than joining it again, and its portfolio's
    status as `portfolio_status`, None without one); a third only when the plan keeps sets of
    an earlier framework version."""
    sets = competency_set_list_of(
        program_id=application.program_id, version_id=application.framework_version_id
    )
    by_id = {s.pk: s for s in sets}
    rows = _plan_rows.run(application_id=application.pk)  # sorted below
    # Completed sets of an earlier framework version that count as no set of the candidate's
    # version stay recorded and shown (ADR 0056), apart from the plan they no longer count in.
    # Their sets (not among the program's current ones) are read in a third query, only when
    # there are some: the common plan does not join and build every row's set twice (ADR 0059).
    earlier_ids = [r.pk for r in rows if r.competency_set_id not in by_id]
    earlier: list[PlannedSet] = []
    if earlier_ids:
        earlier = list(
            PlannedSet.objects.filter(pk__in=earlier_ids)
            .select_related("competency_set__framework_version", "carried_from__framework_version")
            .order_by("competency_set__order", "competency_set_id", "pk")
        )
    rows = [r for r in rows if r.competency_set_id in by_id]
    for row in rows:
        row.competency_set = by_id[row.competency_set_id]
    rows.sort(key=lambda r: (r.competency_set.order, r.competency_set_id, r.pk))
    planned = {r.competency_set_id for r in rows}
    return Plan(
        application=application,
        core=[r for r in rows if r.competency_set.is_core],
        electives=[r for r in rows if not r.competency_set.is_core],
        available_electives=[s for s in sets if s.kind == CompetencySet.Kind.ELECTIVE],
        missing_core=[s for s in sets if s.is_core and s.pk not in planned],
        earlier=earlier,
    )


def planned_set_for(
    *, application: Application, competency_set: CompetencySet
) -> PlannedSet | None:
    """The plan's row for `competency_set` or for the same set in the candidate's own framework
    version (matched by the set's CASE identifier, kept from version to version; ADR 0056): a
    course approved for a set counts for that set in every version that carries it."""
    return (
        PlannedSet.objects.filter(
            application=application,
            competency_set__program_id=competency_set.program_id,
            competency_set__case_identifier=competency_set.case_identifier,
        )
        .order_by(
            # The candidate's own version first, then the exact set.
            Case(
                When(competency_set__framework_version=application.framework_version_id, then=0),
                default=1,
            ),
            Case(When(competency_set=competency_set.pk, then=0), default=1),
        )
        .first()
    )


def planned_sets_satisfied(*, application_id: int) -> list[PlannedSet]:
    """The completed sets of a plan with their sets, in the program's order: one query."""
    return list(
        PlannedSet.objects.filter(application_id=application_id, status=PlannedSet.Status.SATISFIED)
        .select_related("competency_set")
        .order_by("competency_set__order", "competency_set_id")
    )
