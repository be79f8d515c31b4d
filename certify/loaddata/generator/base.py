"""What every part of the generator shares: its settings, random source, writer and helpers."""

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from certify.loaddata.generator.scale import FIRST, LAST, PASSWORD, SCRIPTS, Enrolled, Ids, Scale
from certify.loaddata.writer import BulkWriter, Row
from certify.programs.models import Competency, CompetencySet, Program


class GeneratorBase:
    def __init__(
        self,
        *,
        program: Program,
        scale: Scale,
        seed: int = 2026,
        on_rows: Callable[[str, int], None] | None = None,
    ) -> None:
        self.program = program
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.writer = BulkWriter(now=self.now, on_rows=on_rows)
        self.ids = Ids(self.writer)
        self.sets = list(
            program.competency_sets.filter(framework_version__status="published").order_by("order")
        )
        self.framework_version_id = self.sets[0].framework_version_id if self.sets else None
        self.core = [s for s in self.sets if s.kind == CompetencySet.Kind.CORE]
        self.electives = [s for s in self.sets if s.kind == CompetencySet.Kind.ELECTIVE]
        self.competencies: dict[int, list[Competency]] = {s.pk: [] for s in self.sets}
        for c in Competency.objects.filter(competency_set__in=self.sets).order_by("order"):
            self.competencies[c.competency_set_id].append(c)
        self.password = make_password(PASSWORD)
        self.staff_ids: list[int] = []
        self.reviewer_ids: list[int] = []
        self.courses_by_set: dict[int, list[int]] = {s.pk: [] for s in self.sets}
        self.enrolled: list[Enrolled] = []
        self.members: set[int] = set()

    # --- helpers ------------------------------------------------------------------------------

    def _name(self, i: int) -> str:
        if i % 17 == 0:
            return self.rng.choice(SCRIPTS)
        return f"{self.rng.choice(FIRST.split())} {self.rng.choice(LAST.split())}"

    def _moment(self, day: date) -> datetime:
        return timezone.make_aware(
            datetime.combine(day, datetime.min.time()) + timedelta(minutes=self.rng.randrange(1440))
        )

    def _days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def write(self, model: type, rows: Iterator[Row] | list[Row]) -> int:
        return self.writer.write(model, rows)
