"""What changed between two versions of a framework, and which new set each old set counts as.

Sets and competencies are matched by CASE identifier (kept while a set or competency is carried
from version to version), then by code. The mapping of sets old → new starts from that match;
staff may change it for each set (`FrameworkVersion.set_mapping`), and a candidate moved to the
new version carries their completed sets along it (ADR 0056).
"""

from dataclasses import dataclass, field
from typing import Any

from certify.programs.models import Competency, CompetencySet, FrameworkVersion
from certify.programs.selectors import framework_sets

SET_FIELDS = (
    ("code", "Code"),
    ("name", "Name"),
    ("kind", "Required or elective"),
    ("order", "Order"),
    ("summary", "Summary"),
    ("routes", "Ways to show it"),
)
COMPETENCY_FIELDS = (
    ("code", "Code"),
    ("statement", "Statement"),
    ("portfolio_suggestion", "Portfolio suggestion"),
    ("order", "Order"),
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class CompetencyChange:
    old: Competency
    new: Competency
    fields: list[FieldChange]


@dataclass
class SetChange:
    old: CompetencySet
    new: CompetencySet
    fields: list[FieldChange] = field(default_factory=list)
    competencies_added: list[Competency] = field(default_factory=list)
    competencies_removed: list[Competency] = field(default_factory=list)
    competencies_changed: list[CompetencyChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.fields
            or self.competencies_added
            or self.competencies_removed
            or self.competencies_changed
        )


@dataclass
class MappingRow:
    """One set of the old version and the set of the new one it counts as (None: none)."""

    old: CompetencySet
    new: CompetencySet | None
    chosen: bool  # staff chose it (otherwise matched by identifier or code)
    matched: CompetencySet | None  # what matching alone gives


@dataclass
class Comparison:
    old: FrameworkVersion | None
    new: FrameworkVersion
    sets_added: list[CompetencySet]
    sets_removed: list[CompetencySet]
    sets_changed: list[SetChange]
    sets_unchanged: list[SetChange]
    mapping: list[MappingRow]
    new_sets: list[CompetencySet]

    @property
    def has_changes(self) -> bool:
        return bool(self.sets_added or self.sets_removed or self.sets_changed)


def _display(obj: Any, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    return str(getter() if getter else getattr(obj, name))


def _field_changes(old: Any, new: Any, fields: tuple[tuple[str, str], ...]) -> list[FieldChange]:
    return [
        FieldChange(label, _display(old, name), _display(new, name))
        for name, label in fields
        if getattr(old, name) != getattr(new, name)
    ]


def _match[T: (CompetencySet, Competency)](old: list[T], new: list[T]) -> dict[int, T]:
    """Old row id → the new row that is the same set or competency: by identifier, then code."""
    by_id = {row.case_identifier: row for row in new}
    by_code = {row.code: row for row in new}
    matched: dict[int, T] = {}
    taken: set[int] = set()
    for row in old:
        found = by_id.get(row.case_identifier)
        if found is not None and found.pk not in taken:
            matched[row.pk] = found
            taken.add(found.pk)
    for row in old:
        if row.pk in matched:
            continue
        found = by_code.get(row.code)
        if found is not None and found.pk not in taken:
            matched[row.pk] = found
            taken.add(found.pk)
    return matched


def _set_change(old: CompetencySet, new: CompetencySet) -> SetChange:
    change = SetChange(old, new, _field_changes(old, new, SET_FIELDS))
    old_comps, new_comps = list(old.competencies.all()), list(new.competencies.all())
    matched = _match(old_comps, new_comps)
    taken = {c.pk for c in matched.values()}
    change.competencies_removed = [c for c in old_comps if c.pk not in matched]
    change.competencies_added = [c for c in new_comps if c.pk not in taken]
    for comp in old_comps:
        if comp.pk in matched:
            fields = _field_changes(comp, matched[comp.pk], COMPETENCY_FIELDS)
            if fields:
                change.competencies_changed.append(CompetencyChange(comp, matched[comp.pk], fields))
    return change


def set_mapping_rows(
    old_sets: list[CompetencySet], new_sets: list[CompetencySet], chosen: dict[str, Any]
) -> list[MappingRow]:
    matched = _match(old_sets, new_sets)
    by_pk = {s.pk: s for s in new_sets}
    rows = []
    for old in old_sets:
        if str(old.pk) in chosen:
            pick = chosen[str(old.pk)]
            rows.append(MappingRow(old, by_pk.get(pick), True, matched.get(old.pk)))
        else:
            rows.append(MappingRow(old, matched.get(old.pk), False, matched.get(old.pk)))
    return rows


def framework_compare(*, old: FrameworkVersion | None, new: FrameworkVersion) -> Comparison:
    """Sets and competencies added, removed and changed (field by field) from `old` to `new`,
    and the mapping of old sets to new ones. Four queries, whatever the size."""
    old_sets = framework_sets(version=old) if old else []
    new_sets = framework_sets(version=new)
    matched = _match(old_sets, new_sets)
    taken = {s.pk for s in matched.values()}
    changes = [_set_change(s, matched[s.pk]) for s in old_sets if s.pk in matched]
    return Comparison(
        old=old,
        new=new,
        sets_added=[s for s in new_sets if s.pk not in taken],
        sets_removed=[s for s in old_sets if s.pk not in matched],
        sets_changed=[c for c in changes if c.changed],
        sets_unchanged=[c for c in changes if not c.changed],
        mapping=set_mapping_rows(old_sets, new_sets, new.set_mapping or {}),
        new_sets=new_sets,
    )


def set_mapping(*, old: FrameworkVersion, new: FrameworkVersion) -> dict[int, int | None]:
    """Old set id → the id of the new set it counts as (None: none): the mapping a move of
    candidates from `old` to `new` follows. Staff's choices are kept on `new`; where the old
    version is not the one `new` replaced, sets are matched by identifier and code only."""
    old_sets = list(CompetencySet.objects.filter(framework_version=old))
    new_sets = list(CompetencySet.objects.filter(framework_version=new))
    chosen = new.set_mapping if new.based_on_id == old.pk else {}
    return {
        row.old.pk: (row.new.pk if row.new else None)
        for row in set_mapping_rows(old_sets, new_sets, chosen or {})
    }
