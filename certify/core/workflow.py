"""The one workflow engine: every status that people or the system move goes through here.

A workflow is declared on its model with django-fsm-2 (ADR 0018): a protected `FSMField` for the
status and one decorated method per move (`@move(...)`). Each move names where it may start, where
it leads, **who may make it as a relation to the subject** (the candidate themselves, staff other
than the subject, an assigned reviewer, the system, the holder of a valid link), the reason it
needs (if any) and a label people read. Services never write a status by hand: they call
`transition()`, which checks the move, the actor and the reason, changes the status, saves, writes
the workflow's own history row (when it keeps one) and the audit row, all in the caller's
transaction, and publishes the domain event after commit.

Core imports no app: relations see the actor through `has_role()` and the subject through its
attributes, and history models are named by their label.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django_fsm import (
    FSMField,
    FSMModelMixin,
    Transition,
    TransitionNotAllowed,
)
from django_fsm import (
    transition as fsm_transition,
)

from certify.core import duties, events
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow_words import moved_on

__all__ = [
    "SYSTEM",
    "FSMField",
    "LinkHolder",
    "Relation",
    "System",
    "WorkflowModel",
    "WorkflowSpec",
    "anyone",
    "assigned",
    "check",
    "link_holder",
    "move",
    "moves_of",
    "relation_check",
    "role",
    "subject_people",
    "system",
    "themselves",
    "transition",
]


# --- Who acts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class System:
    """Certify itself (a scheduled sweep, a payment webhook, an issuance that needs no person)."""

    why: str = ""


SYSTEM = System()


@dataclass(frozen=True)
class LinkHolder:
    """Whoever holds a valid signed link made for one subject and one purpose (no account)."""

    purpose: str
    subject_pk: Any
    name: str = ""  # as the link's holder gave it, for the record


def _is_person(actor: Any) -> bool:
    return getattr(actor, "pk", None) is not None and hasattr(actor, "has_role")


def _ids(subject: Any, attrs: Sequence[str]) -> set[Any]:
    """The user ids a subject names through `attrs` (dotted paths such as `portfolio.candidate`)."""
    found: set[Any] = set()
    for path in attrs:
        value: Any = subject
        *hops, last = path.split(".")
        for hop in hops:
            value = getattr(value, hop, None)
            if value is None:
                break
        else:
            pk = getattr(value, f"{last}_id", None)
            if pk is None:
                pk = getattr(getattr(value, last, None), "pk", None)
            if pk is not None:
                found.add(pk)
    return found


def subject_people(subject: Any, attrs: Sequence[str]) -> set[Any]:
    """The user ids `subject` names through `attrs` (for relations built outside core)."""
    return _ids(subject, attrs)


# --- Relations: who may make a move ----------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A relation between an actor and a subject under which a move is allowed.

    A decider's relation also says whose case the subject is (ADR 0022): `own_case(actor,
    subject)` is true when the actor would qualify but the case is their own (or their
    organisation's); `parties(subject)` names the people it is about (declared conflicts).
    `kind`: "decider", "themselves" (one's own record), "system" or "link"."""

    label: str  # read by people: "the candidate themselves", "program staff other than …"
    test: Callable[[Any, Any], bool] = field(compare=False, repr=False)
    kind: str = "decider"
    own_case: Callable[[Any, Any], bool] | None = field(default=None, compare=False, repr=False)
    parties: Callable[[Any], set[Any]] | None = field(default=None, compare=False, repr=False)
    colleague: str = duties.STAFF_MEMBER  # "ask another …" in the refusal

    def holds(self, actor: Any, subject: Any) -> bool:
        return bool(self.test(actor, subject))

    def is_own_case(self, actor: Any, subject: Any) -> bool:
        return self.own_case is not None and bool(self.own_case(actor, subject))

    def conflict(self, actor: Any, subject: Any) -> str:
        """The declared conflict that keeps `actor` from this decision ('' when none)."""
        if self.parties is None:
            return ""
        return duties.conflict_reason(actor, people=self.parties(subject), colleague=self.colleague)


def themselves(attr: str | Callable[[Any, Any], bool], label: str) -> Relation:
    """The person the subject belongs to; `attr` names the user (`candidate`, or a path such
    as `portfolio.candidate`) or is a test `(actor, subject)` (an invitation to their address)."""
    mine = attr if callable(attr) else (lambda actor, subject: actor.pk in _ids(subject, [attr]))
    return Relation(
        label, lambda actor, subject: _is_person(actor) and mine(actor, subject), kind="themselves"
    )


def role(
    name: str,
    label: str,
    *,
    not_subject: Sequence[str] = (),
    colleague: str = duties.STAFF_MEMBER,
) -> Relation:
    """Someone holding role `name` who is not one of the people the subject names in
    `not_subject` (nobody decides their own case) and declared no conflict with them.
    Superusers get no silent role."""

    def qualifies(actor: Any) -> bool:
        return _is_person(actor) and actor.has_role(name)

    def own(actor: Any, subject: Any) -> bool:
        return qualifies(actor) and actor.pk in _ids(subject, not_subject)

    def test(actor: Any, subject: Any) -> bool:
        return qualifies(actor) and actor.pk not in _ids(subject, not_subject)

    return Relation(
        label,
        test,
        own_case=own if not_subject else None,
        parties=(lambda subject: _ids(subject, not_subject)) if not_subject else None,
        colleague=colleague,
    )


def assigned(
    label: str,
    test: Callable[[Any, Any], bool],
    *,
    own_case: Callable[[Any, Any], bool] | None = None,
    parties: Callable[[Any], set[Any]] | None = None,
    colleague: str = duties.STAFF_MEMBER,
) -> Relation:
    """A person with a specific tie to this subject (an assigned reviewer, a sponsor's admin);
    `own_case` and `parties` as for `Relation`."""
    return Relation(
        label,
        lambda actor, subject: _is_person(actor) and test(actor, subject),
        own_case=(lambda a, s: _is_person(a) and own_case(a, s)) if own_case else None,
        parties=parties,
        colleague=colleague,
    )


def system(label: str = "Certify itself") -> Relation:
    return Relation(label, lambda actor, subject: isinstance(actor, System), kind="system")


def link_holder(purpose: str, label: str) -> Relation:
    """Whoever holds a valid link made for this subject and `purpose`; the link's own checks
    (signature, expiry, single use) are the caller's, before it builds the `LinkHolder`."""
    return Relation(
        label,
        lambda actor, subject: (
            isinstance(actor, LinkHolder)
            and actor.purpose == purpose
            and str(actor.subject_pk) == str(subject.pk)
        ),
        kind="link",
    )


@dataclass(frozen=True)
class _Allowed:
    """django-fsm's permission callable for a move: any one of the relations."""

    relations: tuple[Relation, ...]

    def __call__(self, instance: Any, user: Any) -> bool:
        return any(r.holds(user, instance) for r in self.relations)


def anyone(*relations: Relation) -> _Allowed:
    return _Allowed(tuple(relations))


# --- Declaring moves ---------------------------------------------------------------------------


def move(
    status_field: Any,
    *,
    source: Any,
    target: str,
    by: Iterable[Relation],
    label: str,
    reason: str = "",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare one move on a model method. `reason`, when given, is the message a person sees
    when they make the move without one ("Give a reason: the candidate will read it.")."""
    return fsm_transition(
        field=status_field,
        source=source,
        target=target,
        permission=anyone(*by),
        custom={"label": label, "reason": reason},
    )


@dataclass(frozen=True)
class WorkflowSpec:
    """What a workflow's model says about itself besides its moves.

    name: the event and audit prefix (`application` → `application.accepted`);
    noun: how people call one subject ("application"), for messages;
    history: the label of a model that keeps one row per move, if the workflow has one, with
    the foreign key `history_fk` to the subject and `from_status`, `to_status`, `actor`, `reason`;
    event_data: which of the subject's attributes the after-commit event carries (a foreign key
    as `<name>_id`); every event also carries `<workflow>_id`, `actor_id` and `move`.
    """

    name: str
    noun: str
    history: str = ""
    history_fk: str = ""
    event_data: tuple[str, ...] = ()


class WorkflowModel(FSMModelMixin, models.Model):
    """The base of every workflow's abstract model: its status is protected (only a move may
    change it), and validating the other fields leaves the status alone."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        super().clean_fields(exclude={*(exclude or ()), *self._get_protected_fsm_fields()})


def _spec(subject: models.Model) -> WorkflowSpec:
    return _spec_of(type(subject))


def _spec_of(model: type[models.Model]) -> WorkflowSpec:
    spec = getattr(model, "workflow", None)
    if not isinstance(spec, WorkflowSpec):
        raise TypeError(f"{model.__name__} declares no `workflow = WorkflowSpec(...)`.")
    return spec


def _status_field(model: type[models.Model]) -> Any:
    for f in model._meta.get_fields():
        if isinstance(f, FSMField):
            return f
    raise TypeError(f"{model.__name__} has no FSMField.")


def moves_of(model: type[models.Model]) -> list[Transition]:
    """Every declared move of a workflow model: the table, as data (tests and docs read it)."""
    return list(_status_field(model).get_all_transitions(model))


def _label(model: type[models.Model], status: str) -> str:
    choices = dict(_status_field(model).choices or [])
    return str(choices.get(status, status))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _audit_actor(actor: Any) -> Any:
    return actor if _is_person(actor) else None


def _via(actor: Any) -> str:
    """How the move was made, for the audit row: by a person, by Certify, by a link, or by
    another kind of actor a relation accepts (a provider's API key: its model's name)."""
    if isinstance(actor, System):
        return "system"
    if isinstance(actor, LinkHolder):
        return f"link:{actor.purpose}"
    if _is_person(actor):
        return "person"
    return type(actor).__name__


# --- The one transition call -----------------------------------------------------------------


def allowed_moves(subject: models.Model, actor: Any) -> list[Transition]:
    """The moves `actor` may make on `subject` now (for buttons and API hints)."""
    field_ = _status_field(type(subject))
    current = getattr(subject, field_.name)
    return [
        t
        for t in moves_of(type(subject))
        if t.source in (current, "*") and t.has_perm(subject, actor)
    ]


def relation_check(relation: Relation, subject: Any, *, actor: Any, refusal: str = "") -> None:
    """Refuse, as a move would, a decision that is not a move but is made by the same people
    (recording a part payment, adding a reviewer): own case and declared conflicts in those
    words, anyone else with `refusal` (or "You are not allowed to make this change: only …")."""
    if not relation.holds(actor, subject):
        if relation.is_own_case(actor, subject):
            raise duties.OwnCaseError(duties.own_case_message(relation.colleague))
        raise DomainError(
            refusal or f"You are not allowed to make this change: only {relation.label} can."
        )
    conflict = relation.conflict(actor, subject)
    if conflict:
        raise duties.OwnCaseError(conflict)


def check(subject: models.Model, move_name: str, *, actor: Any, reason: str = "") -> None:
    """Raise the `DomainError` that `transition` would raise, without moving: for services that
    must do work before the move (sign a certificate) only when the move will be allowed."""
    _checked(subject, move_name, actor=actor, reason=reason)


def _checked(
    subject: models.Model, move_name: str, *, actor: Any, reason: str
) -> tuple[WorkflowSpec, Callable[[], Any], str]:
    spec = _spec(subject)
    model = type(subject)
    method: Callable[[], Any] | None = getattr(subject, move_name, None)
    meta = getattr(method, "_django_fsm", None)
    if method is None or meta is None:
        raise TypeError(f"{model.__name__}.{move_name} is not a declared move.")
    frm = getattr(subject, _status_field(model).name)
    declared: Transition | None = meta.get_transition(frm)
    if declared is None:  # a page out of date, mostly: say where the subject is now
        targets = sorted({_label(model, t.target) for t in meta.transitions.values()})
        now = _label(model, frm)
        raise moved_on(noun=spec.noun, now=now, targets=targets, current_status=frm, move=move_name)
    relations: tuple[Relation, ...] = getattr(declared.permission, "relations", ())
    if not declared.has_perm(subject, actor):
        for r in relations:  # qualifies, but it is their own case: say so (ADR 0022)
            if r.is_own_case(actor, subject):
                raise duties.OwnCaseError(duties.own_case_message(r.colleague))
        who = " or ".join(r.label for r in relations) or "nobody"
        raise DomainError(f"You are not allowed to make this change: only {who} can.")
    # Declared conflicts are read from the database, so only for the decision itself (not for
    # the buttons `allowed_moves` shows): refused when every relation that holds is conflicted.
    conflicts = [r.conflict(actor, subject) for r in relations if r.holds(actor, subject)]
    if conflicts and all(conflicts):
        raise duties.OwnCaseError(conflicts[0])
    needs = declared.custom.get("reason", "")
    if needs and not reason.strip():
        raise DomainError(needs, field="reason")
    return spec, method, frm


def transition(
    subject: models.Model,
    move_name: str,
    *,
    actor: Any,
    reason: str = "",
    data: dict[str, Any] | None = None,
    update_fields: Iterable[str] | None = None,
) -> models.Model:
    """Make the move `move_name` on `subject` as `actor`, or raise a `DomainError` in words.

    Checks that the move may start from the subject's status, that `actor` stands in one of the
    move's relations to the subject, and that a reason is given where one is needed; then moves,
    saves (every field, or `update_fields` plus the status), and writes the history and audit
    rows. Call it inside the service's transaction, on a row the service locked
    (`core.locking.row_lock`)."""
    spec, method, frm = _checked(subject, move_name, actor=actor, reason=reason)
    status_name = _status_field(type(subject)).name
    with transaction.atomic():
        try:
            method()
        except TransitionNotAllowed as exc:  # a declared condition refused it
            raise DomainError(f"This {spec.noun} cannot change now.") from exc
        to = getattr(subject, status_name)
        if update_fields is None:
            subject.save()
        else:
            subject.save(update_fields=[*update_fields, status_name])
        if spec.history:
            history = apps.get_model(spec.history)
            history.objects.create(
                **{spec.history_fk: subject},
                from_status=frm,
                to_status=to,
                actor=_audit_actor(actor),
                reason=reason,
            )
        payload = {"from": frm, "to": to, "move": move_name, "via": _via(actor), **(data or {})}
        audit_record(
            actor=_audit_actor(actor),
            verb=f"{spec.name}.{to}",
            target=subject,
            reason=reason,
            data=payload,
        )
        events.publish(f"{spec.name}.{to}", **_event_payload(spec, subject, actor, move_name))
    return subject


# --- Every move is a domain event ----------------------------------------------------------------


def _event_keys(model: type[models.Model], spec: WorkflowSpec) -> tuple[str, ...]:
    keys = [f"{spec.name}_id"]
    for attr in spec.event_data:
        field_ = model._meta.get_field(attr)
        keys.append(f"{attr}_id" if field_.is_relation else attr)
    return (*keys, "actor_id", "move")


def _event_payload(
    spec: WorkflowSpec, subject: models.Model, actor: Any, move_name: str
) -> dict[str, Any]:
    payload: dict[str, Any] = {f"{spec.name}_id": subject.pk}
    for attr in spec.event_data:
        field_ = type(subject)._meta.get_field(attr)
        if field_.is_relation:
            payload[f"{attr}_id"] = getattr(subject, f"{attr}_id")
        else:
            payload[attr] = getattr(subject, attr)
    payload["actor_id"] = actor.pk if _is_person(actor) else None
    payload["move"] = move_name
    return payload


def workflow_events_declare() -> list[str]:
    """Declare `<workflow>.<status>` for every status a declared move leads to (called once
    the models are loaded, from `CoreConfig.ready`): what the engine publishes after commit."""
    names = []
    for model in apps.get_models():
        if not issubclass(model, WorkflowModel):
            continue
        spec = _spec_of(model)
        for target in sorted({str(t.target) for t in moves_of(model)}):
            name = f"{spec.name}.{target}"
            events.declare(
                name,
                description=f"{_a(spec.noun).capitalize()} became “{_label(model, target)}”.",
                payload=_event_keys(model, spec),
            )
            names.append(name)
    return names
