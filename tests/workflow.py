"""The table-driven test of a workflow: every (status, move, actor) is tried through the engine.

`assert_workflow_table` checks two things for one workflow model:
1. the table the model declares is exactly the table the test writes down (so editing a move's
   sources, target, relations or reason without changing the test fails), and
2. for every status, every move and every kind of actor, `certify.core.workflow.transition`
   allows the move exactly when the written table says so, and otherwise refuses it with the
   message a person sees. Moves that need a reason are also tried without one. An actor kind
   listed in `own_case` (a decider whose case it is: the candidate on staff, the first decider
   of an appeal) is refused with "You cannot decide your own case…" (ADR 0022), and only they
   are.
Each try runs in a savepoint that is rolled back, so one subject per status serves every try.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.workflow import FSMField, moves_of, transition


@dataclass(frozen=True)
class Move:
    """One row of the written table: a move's sources, target, who may make it, its reason."""

    sources: frozenset[str]
    target: str
    by: frozenset[str]  # the relations' labels, as people read them
    allowed: frozenset[str]  # the actor kinds (keys of `actors`) that stand in those relations
    reason: bool = False

    @classmethod
    def of(
        cls, sources: Any, target: str, *, by: Any, allowed: Any, reason: bool = False
    ) -> "Move":
        def as_set(v: Any) -> frozenset[str]:
            return frozenset([v]) if isinstance(v, str) else frozenset(v)

        return cls(as_set(sources), target, as_set(by), as_set(allowed), reason)


@dataclass
class Outcome:
    tried: int = 0
    allowed: int = 0
    refusals: list[str] = field(default_factory=list)
    own_case: list[str] = field(default_factory=list)


class _RollBackError(Exception):
    pass


def status_field_name(model: type[models.Model]) -> str:
    """The name of the model's workflow status: its one `FSMField` (`status`,
    `attestation_status`, …)."""
    names = [f.name for f in model._meta.fields if isinstance(f, FSMField)]
    assert len(names) == 1, f"{model.__name__} has {len(names)} FSMFields, not one"
    return names[0]


def status_of(obj: models.Model) -> str:
    return getattr(obj, status_field_name(type(obj)))


def force_status(obj: models.Model, status: str) -> models.Model:
    """Test set-up only: put `obj` in `status` without a move (the moves are tested here)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**{status_field_name(type(obj)): status})
    obj.refresh_from_db()
    return obj


def declared_table(model: type[models.Model]) -> dict[str, tuple[frozenset, str, frozenset, bool]]:
    table: dict[str, tuple[set, str, frozenset, bool]] = {}
    for t in moves_of(model):
        labels = frozenset(r.label for r in t.permission.relations)
        sources, target, by, _ = table.get(t.name, (set(), t.target, labels, False))
        assert (target, by) == (t.target, labels), f"{t.name}: one move, one target and one rule"
        sources.add(t.source)
        table[t.name] = (sources, target, by, bool(t.custom.get("reason")))
    return {name: (frozenset(s), tg, by, r) for name, (s, tg, by, r) in table.items()}


def assert_workflow_table(
    model: type[models.Model],
    *,
    table: Mapping[str, Move],
    subject_in: Callable[[str], models.Model],
    actors: Mapping[str, Callable[[models.Model], Any]],
    own_case: Iterable[str] = (),
) -> Outcome:
    written = {name: (m.sources, m.target, m.by, m.reason) for name, m in table.items()}
    assert declared_table(model) == written, "the declared table differs from the written one"
    status_name = status_field_name(model)
    statuses = [value for value, _ in model._meta.get_field(status_name).choices]
    outcome = Outcome()
    own = frozenset(own_case)
    for status in statuses:
        subject = subject_in(status)
        assert getattr(subject, status_name) == status
        people = {kind: make(subject) for kind, make in actors.items()}
        for name, row in table.items():
            for kind, actor in people.items():
                expected = status in row.sources and kind in row.allowed
                _try(subject, name, row, kind, actor, expected, outcome, kind in own)
                if expected and row.reason:
                    _try_without_reason(subject, name, actor)
    assert outcome.allowed > 0, "no move was ever allowed: the table test proves nothing"
    for kind in own:
        assert any(f"by {kind}" in w for w in outcome.own_case), f"{kind} was never refused"
    return outcome


def _try(
    subject: models.Model,
    name: str,
    row: Move,
    kind: str,
    actor: Any,
    expected: bool,
    outcome: Outcome,
    own_case: bool = False,
) -> None:
    outcome.tried += 1
    start = status_of(subject)
    where = f"{type(subject).__name__} in “{start}”, move {name}, by {kind}"
    before = AuditEvent.objects.count()
    moved_to: list[str] = []

    def check_saved() -> None:
        fresh = type(subject)._default_manager.get(pk=subject.pk)
        moved_to.append(status_of(fresh))
        assert AuditEvent.objects.count() == before + 1, f"{where}: no audit row"

    refusal = _attempt(
        subject, name, actor, reason="A reason given in the test.", check=check_saved
    )
    subject.refresh_from_db()
    assert status_of(subject) == start, f"{where}: the savepoint did not roll back"
    if expected:
        assert refusal is None, f"{where}: refused ({refusal}) but the table allows it"
        assert moved_to == [row.target], f"{where}: moved to {moved_to}, not “{row.target}”"
        outcome.allowed += 1
        return
    assert refusal is not None, f"{where}: allowed but the table refuses it"
    if start not in row.sources:
        assert "cannot" in refusal.message or "already" in refusal.message, (
            f"{where}: {refusal.message}"
        )
    elif isinstance(refusal, OwnCaseError):
        assert own_case, f"{where}: refused as their own case ({refusal.message})"
        assert "your own case" in refusal.message, f"{where}: {refusal.message}"
        outcome.own_case.append(where)
    else:
        assert refusal.message.startswith("You are not allowed to make this change"), (
            f"{where}: {refusal.message}"
        )
        for label in row.by:
            assert label in refusal.message, f"{where}: {refusal.message}"
    outcome.refusals.append(where)


def _attempt(
    subject: models.Model, name: str, actor: Any, *, reason: str, check: Any = None
) -> DomainError | None:
    """Make the move in a savepoint that is always rolled back; the refusal, or None."""
    refusal: DomainError | None = None
    try:
        with transaction.atomic():
            try:
                transition(subject, name, actor=actor, reason=reason)
            except DomainError as error:
                refusal = error
            else:
                if check is not None:
                    check()
            raise _RollBackError
    except _RollBackError:
        pass
    return refusal


def _try_without_reason(subject: models.Model, name: str, actor: Any) -> None:
    start = status_of(subject)
    refusal = _attempt(subject, name, actor, reason="  ")
    subject.refresh_from_db()
    assert refusal is not None, f"{name} from “{start}” was allowed without a reason"
    assert refusal.field == "reason", refusal.message
    assert status_of(subject) == start
