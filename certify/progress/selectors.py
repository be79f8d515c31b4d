from dataclasses import dataclass

from certify.applications.models import Application
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet


@dataclass
class Plan:
    application: Application
    core: list[PlannedSet]
    electives: list[PlannedSet]
    available_electives: list[CompetencySet]

    @property
    def required_count(self) -> int:
        return len(self.core) + self.application.program.electives_required

    @property
    def satisfied_count(self) -> int:
        return sum(1 for p in self.core + self.electives if p.is_satisfied)

    @property
    def percent(self) -> int:
        return int(self.satisfied_count * 100 / self.required_count) if self.required_count else 0

    @property
    def electives_chosen(self) -> bool:
        return len(self.electives) >= self.application.program.electives_required


def plan_get(*, application: Application) -> Plan:
    rows = list(
        PlannedSet.objects.filter(application=application)
        .select_related("competency_set")
        .order_by("competency_set__order")
    )
    electives = list(
        CompetencySet.objects.filter(
            program_id=application.program_id, kind=CompetencySet.Kind.ELECTIVE
        ).order_by("order")
    )
    return Plan(
        application=application,
        core=[r for r in rows if r.competency_set.is_core],
        electives=[r for r in rows if not r.competency_set.is_core],
        available_electives=electives,
    )


def planned_set_for(
    *, application: Application, competency_set: CompetencySet
) -> PlannedSet | None:
    return PlannedSet.objects.filter(application=application, competency_set=competency_set).first()
