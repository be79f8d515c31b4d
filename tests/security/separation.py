"""What `test_separation_of_duties.py` stands on (ADR 0022): who each workflow's case belongs to
(`CASES`) and which decider moves are nobody's case (`NOT_ABOUT_A_PERSON`), the two walks of the
code (the moves a person decides, the functions that take an `actor`), giving someone every
deciding position, and trying an action in a savepoint that is always rolled back."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import transaction

from certify.accounts.models import Role, RoleAssignment, User
from certify.core.workflow import WorkflowModel, moves_of, transition
from certify.courses.models import ProviderMembership
from certify.scholarships.models import SponsorMember
from tests.security.world import World
from tests.workflow import force_status, status_of

OWN = "You cannot decide your own case"
CONFLICT = "You declared a conflict of interest"


class _RollbackError(Exception):
    pass


def attempt(action: Callable[[], Any]) -> Exception | None:
    """Run `action` in a savepoint that is always rolled back; what it raised, or None."""
    raised: Exception | None = None
    try:
        with transaction.atomic():
            try:
                action()
            except Exception as error:  # the test reports whatever it was
                raised = error
            raise _RollbackError
    except _RollbackError:
        pass
    return raised


# --- Who the case belongs to, per workflow ----------------------------------------------------


class Case:
    """A workflow's line: the world object that is its subject, the path to the person whose
    case it is, and (per move) other people whose case it also is."""

    def __init__(self, world_name: str, person: str, also: dict[str, str] | None = None):
        self.world_name = world_name
        self.person = person
        self.also = also or {}


CASES: dict[str, Case] = {
    "applications.Application": Case(
        "application", "candidate", also={"reopen_after_appeal": "decided_by"}
    ),
    "appeals.Appeal": Case(
        "appeal", "appellant", also={"uphold": "decided_by", "send_back": "decided_by"}
    ),
    "payments.Invoice": Case("invoice", "user"),
    "payments.Refund": Case("refund", "invoice.user"),
    "memberships.Membership": Case("membership", "user"),
    "courses.Provider": Case("provider", "registered_by"),
    "courses.Course": Case("course", "provider.registered_by"),
    "courses.CourseCompletion": Case("completion", "candidate"),
    "courses.UnmatchedCompletion": Case("unmatched", "reported_by"),
    "courses.ProgrammeClaim": Case("claim", "candidate"),
    "certificates.Certificate": Case("certificate", "holder"),
    "certificates.SetCredential": Case("set_credential", "holder"),
    "renewals.Renewal": Case("renewal", "holder"),
    "portfolios.Portfolio": Case("submission.portfolio", "planned_set.application.candidate"),
    "portfolios.ReviewAssignment": Case(
        "assignment", "submission.portfolio.planned_set.application.candidate"
    ),
    "scholarships.ScholarshipApplication": Case("scholarship_application", "applicant"),
    "scholarships.Award": Case("award", "recipient"),
}
# Decider moves that concern nobody's case, with the reason a reader would accept.
NOT_ABOUT_A_PERSON: dict[str, str] = {
    "programs.FrameworkVersion.publish": (
        "a framework version is nobody's case: publishing it moves no enrolled candidate"
    ),
    "certificates.IssuerKey.retire": "a signing key is nobody's case: staff rotate it",
    "accounts.ColleagueInvitation.withdraw": (
        "an organization taking back its own offer decides nothing about the invited person"
    ),
}


def path_of(obj: Any, path: str) -> Any:
    for hop in path.split("."):
        obj = getattr(obj, hop)
    return obj


def decider_moves() -> list[tuple[type, str, frozenset[str]]]:
    """(model, move, sources) for every move one of whose relations is a person deciding."""
    found: dict[tuple[type, str], set[str]] = {}
    for model in apps.get_models():
        if not issubclass(model, WorkflowModel):
            continue
        for t in moves_of(model):
            if any(r.kind == "decider" for r in t.permission.relations):
                found.setdefault((model, t.name), set()).add(str(t.source))
    return [(m, name, frozenset(s)) for (m, name), s in sorted(found.items(), key=str)]


def key_of(model: type) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def every_position(person: User, world: World, *, provider: bool = True) -> User:
    """Give `person` every deciding position the world has: every role, the sponsor's
    administration and (unless not `provider`) a seat at the provider."""
    for role in Role.values:
        RoleAssignment.objects.get_or_create(user=person, role=role)
    SponsorMember.objects.update_or_create(
        sponsor=world.sponsor, user=person, defaults={"role": SponsorMember.Role.ADMIN}
    )
    if provider:
        ProviderMembership.objects.get_or_create(provider=world.provider, user=person)
    fresh = User.objects.get(pk=person.pk)  # roles read again
    return fresh


def subject_in(world: World, model: type, case: Case, sources: frozenset[str]) -> Any:
    obj = path_of(world, case.world_name)
    subject = model._default_manager.get(pk=obj.pk)
    source = sorted(s for s in sources if s != "*")[0]
    if status_of(subject) != source:
        subject = force_status(subject, source)
    return subject


def as_reviewer(subject: Any, person: User) -> Any:
    """A review assignment is completed by its reviewer: make `person` that reviewer."""
    if hasattr(subject, "reviewer_id"):
        type(subject)._default_manager.filter(pk=subject.pk).update(reviewer=person)
        subject.refresh_from_db()
    return subject


def relations_of(model: type, name: str) -> list[Any]:
    return [r for t in moves_of(model) if t.name == name for r in t.permission.relations]


def try_move(subject: Any, name: str, actor: User) -> Exception | None:
    return attempt(lambda: transition(subject, name, actor=actor, reason="A test reason."))


def services_with_an_actor() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    names = []
    for path in sorted((root / "certify").rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                args = [a.arg for a in (*node.args.kwonlyargs, *node.args.args)]
                if "actor" in args:
                    names.append(f"{rel.with_suffix('').as_posix().replace('/', '.')}.{node.name}")
    return names


def with_two_factor(user: User) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
