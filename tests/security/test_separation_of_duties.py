"""Separation of duties (ADR 0022): every decision, tried by the person whose case it is.

Generated like the permission matrix, from two walks of the code:
1. **Every workflow move a person decides** (`moves_of` over every workflow model; a move is a
   decision when one of its relations is a "decider" relation, not the person acting on their
   own record, Certify itself or a link). Each is tried, on the security world's subject of that
   workflow in a status the move starts from, by
   - the subject's own person holding every deciding position at once (program staff, reviewer,
     provider, sponsor, the sponsor's administrator, the provider's staff, the assigned
     reviewer): refused with "You cannot decide your own case: …";
   - for some moves, another person whose case it also is (the first decider of an appeal);
   - someone else in the same positions who declared a conflict of interest with the subject's
     person: refused with "You declared a conflict of interest …".
   A workflow model or move with no line in `CASES` (nor in `NOT_ABOUT_A_PERSON`) fails
   `test_every_decision_has_a_line`.
2. **Every function that takes an `actor`** (walked in every module of `certify/`): a move above
   (`MOVES`, checked to name a move this test tries), a decision that is not a move and is tried
   here (`DECISIONS`), or says why it decides nothing about someone else (`NOT_DECISIONS`). A
   new service in none of them fails the test.
Every try runs in a savepoint that is rolled back, so one world serves them all. Who each
workflow's case belongs to (`CASES`), the walks and the savepoint are in `separation.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role, RoleAssignment, User
from certify.core.duties import OwnCaseError
from certify.core.money import Money
from certify.core.workflow import transition
from certify.scholarships.models import Fund
from tests.factories import FundFactory, ScholarshipApplicationFactory, UserFactory
from tests.security.duties_registry import DECISION_NAMES, MOVES, NOT_DECISIONS
from tests.security.separation import (
    CASES,
    CONFLICT,
    NOT_ABOUT_A_PERSON,
    OWN,
    as_reviewer,
    attempt,
    decider_moves,
    every_position,
    key_of,
    path_of,
    relations_of,
    services_with_an_actor,
    subject_in,
    try_move,
    with_two_factor,
)
from tests.security.world import World, world_build
from tests.shared import copy_of, shared_in_module
from tests.workflow import force_status

# The world is built once for the module (tests/shared.py); each test tries its moves on a copy,
# in a savepoint rolled back after it (docs/testing.md, "A certificate per module").
world_in_module = shared_in_module(world_build)


@pytest.fixture
def world(db, world_in_module) -> World:
    return copy_of(world_in_module)


# --- The tests ---------------------------------------------------------------------------------


def test_every_decision_has_a_line():
    """A new workflow (or decider move) without a line here fails; so does a stale line."""
    keys = {key_of(m) for m, _, _ in decider_moves()}
    exempt = {f"{key_of(m)}.{n}" for m, n, _ in decider_moves()} & set(NOT_ABOUT_A_PERSON)
    covered = {k for k in keys if k in CASES}
    missing = {
        f"{key_of(m)}.{n}"
        for m, n, _ in decider_moves()
        if key_of(m) not in CASES and f"{key_of(m)}.{n}" not in NOT_ABOUT_A_PERSON
    }
    assert not missing, f"decisions with no line in CASES: {sorted(missing)}"
    assert set(CASES) == covered, f"stale lines: {sorted(set(CASES) - covered)}"
    assert exempt == set(NOT_ABOUT_A_PERSON), "stale NOT_ABOUT_A_PERSON lines"


def test_every_service_with_an_actor_is_classified():
    """Every service that takes an `actor` is a move tried here, a decision tried here, or
    says why it decides nothing about anyone else."""
    found = set(services_with_an_actor())
    listed = set(MOVES) | set(DECISION_NAMES) | set(NOT_DECISIONS)
    assert not found - listed, f"services missing from duties_registry.py: {sorted(found - listed)}"
    assert not listed - found, f"stale lines in duties_registry.py: {sorted(listed - found)}"
    assert not set(MOVES) & set(NOT_DECISIONS)
    assert not set(DECISION_NAMES) & set(NOT_DECISIONS)
    decided = {f"{key_of(m)}.{n}" for m, n, _ in decider_moves()}
    wrong = {s: m for s, m in MOVES.items() if not set(m) <= decided}
    assert not wrong, f"MOVES names moves that are not decisions: {wrong}"


def test_nobody_makes_a_move_in_their_own_case(world):
    tried = 0
    for model, name, sources in decider_moves():
        key = key_of(model)
        if f"{key}.{name}" in NOT_ABOUT_A_PERSON:
            continue
        case = CASES[key]
        subject = subject_in(world, model, case, sources)
        owners = [case.person] + ([case.also[name]] if name in case.also else [])
        for path in owners:
            whose = path_of(subject, path)
            assert whose is not None, f"{key}: the world's {case.world_name} has no {path}"
            person = every_position(whose, world)
            subject = as_reviewer(subject, person)
            refusal = try_move(subject, name, person)
            where = f"{key}.{name} by {path} holding every deciding position"
            if any(
                r.kind == "themselves" and r.holds(person, subject)
                for r in relations_of(model, name)
            ):  # their own action on their own record (a recipient gives an award back)
                assert refusal is None, f"{where}: {refusal!r}"
                continue
            assert isinstance(refusal, OwnCaseError), f"{where}: {refusal!r}"
            assert OWN in refusal.message, f"{where}: {refusal.message}"
            tried += 1
    assert tried >= 30


def test_nobody_makes_a_move_about_someone_they_declared_a_conflict_with(world):
    tried = 0
    for model, name, sources in decider_moves():
        key = key_of(model)
        if f"{key}.{name}" in NOT_ABOUT_A_PERSON:
            continue
        case = CASES[key]
        subject = subject_in(world, model, case, sources)
        person = path_of(subject, case.person)
        decider = every_position(UserFactory(), world, provider=False)
        subject = as_reviewer(subject, decider)

        def declared_then_tried(subject=subject, decider=decider, person=person, name=name):
            conflict_declare(actor=decider, person_email=person.email, reason="My sister")
            transition(subject, name, actor=decider, reason="A test reason.")

        refusal = attempt(declared_then_tried)
        where = f"{key}.{name} by someone who declared a conflict with the {case.person}"
        assert isinstance(refusal, OwnCaseError), f"{where}: {refusal!r}"
        assert CONFLICT in refusal.message, f"{where}: {refusal.message}"
        # …and without the declaration the same person is not refused as their own case.
        other = try_move(subject, name, decider)
        assert not isinstance(other, OwnCaseError), f"{where}, undeclared: {other!r}"
        tried += 1
    assert tried >= 25


# --- Decisions that are not moves ------------------------------------------------------------


def _deadline_extend(world: World, actor: User) -> Any:
    from certify.applications.decisions import deadline_extend

    application = world.application
    return deadline_extend(
        application=application,
        actor=actor,
        new_deadline=application.completion_deadline + dt.timedelta(days=90),
        reason="Illness",
    )


def _payment_record(world: World, actor: User) -> Any:
    from certify.payments.models import Payment
    from certify.payments.services import renewal_invoice_create
    from certify.payments.services.payments import payment_record

    invoice = renewal_invoice_create(
        user=world.users["candidate"], program=world.program, actor=None
    )
    return payment_record(
        invoice=invoice,
        amount=invoice.balance,
        method=Payment.Method.CHEQUE,
        reference="Check 2",
        actor=actor,
    )


def _invoice_refund(world: World, actor: User) -> Any:
    from certify.payments.services.payments import invoice_refund

    return invoice_refund(
        invoice=world.invoice, reason="Asked", actor=actor, amount=Money(1000, "USD")
    )


def _enrollment_fee_refund(world: World, actor: User) -> Any:
    from certify.payments.services.payments import enrollment_fee_refund

    return enrollment_fee_refund(
        user=world.users["candidate"], program=world.program, reason="Not eligible", actor=actor
    )


def _reinstate_lapsed(world: World, actor: User) -> Any:
    from certify.renewals.services import certificate_reinstate_lapsed

    return certificate_reinstate_lapsed(
        certificate=world.certificate,
        actor=actor,
        reason="Illness",
        renew_by=timezone.localdate() + dt.timedelta(days=60),
    )


def _draw_run(world: World, actor: User) -> Any:
    from certify.scholarships.services import draw_run

    fund = Fund.objects.get(slug="ssd-continuing-education")
    ScholarshipApplicationFactory(fund=fund, applicant=world.users["candidate"])
    return draw_run(fund=fund, actor=actor, places=1)


def _committee_fund_with_the_candidate(world: World) -> Any:
    from certify.scholarships.models import RubricCriterion

    fund = FundFactory(sponsor=world.sponsor)
    RubricCriterion.objects.create(fund=fund, name="Need", max_points=5)
    return ScholarshipApplicationFactory(fund=fund, applicant=world.users["candidate"])


def _scorecard_save(world: World, actor: User) -> Any:
    from certify.scholarships.services import scorecard_save

    application = _committee_fund_with_the_candidate(world)
    (criterion,) = application.fund.criteria.all()
    return scorecard_save(application=application, actor=actor, scores={criterion.pk: (3, "")})


def _committee_confirm(world: World, actor: User) -> Any:
    from certify.scholarships.services import committee_confirm

    application = _committee_fund_with_the_candidate(world)
    return committee_confirm(fund=application.fund, actor=actor)


def _reviewer_assign(world: World, actor: User) -> Any:
    from certify.portfolios.services import reviewer_assign

    reviewer = UserFactory(roles=[Role.REVIEWER])
    return reviewer_assign(submission=world.submission, reviewer=reviewer, actor=actor)


def _reviewers_assign_automatic(world: World, actor: User) -> Any:
    from certify.portfolios.services import reviewers_assign_automatic

    return reviewers_assign_automatic(submission=world.submission, actor=actor, picked_seen=[])


def _course_evaluate(world: World, actor: User) -> Any:
    from certify.courses.rubric import CRITERIA
    from certify.courses.services import course_evaluate

    course = force_status(world.course, "submitted")
    scores = {c.key: (3, "Fine") for c in CRITERIA}
    return course_evaluate(course=course, actor=actor, scores=scores)


def _role_grant(world: World, actor: User) -> Any:
    from certify.accounts.services import role_grant

    # The subject is the actor themselves: granting yourself a role you do not hold yet.
    RoleAssignment.objects.filter(user=actor, role=Role.REVIEWER).delete()
    return role_grant(user=User.objects.get(pk=actor.pk), role=Role.REVIEWER, actor=actor)


def _role_revoke(world: World, actor: User) -> Any:
    from certify.accounts.services import role_revoke

    # The subject is the actor themselves: ending a role they hold.
    RoleAssignment.objects.get_or_create(user=actor, role=Role.REVIEWER)
    return role_revoke(user=User.objects.get(pk=actor.pk), role=Role.REVIEWER, actor=actor)


def _framework_revision(world: World) -> Any:
    """A version 2 of the world's program, published, so its candidates may be moved."""
    from certify.programs.frameworks import framework_draft_start, framework_publish

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    draft = framework_draft_start(program=world.program, actor=staff)
    return framework_publish(version=draft, actor=staff)


def _plan_framework_move(world: World, actor: User) -> Any:
    from certify.progress.framework_moves import plan_framework_move

    _framework_revision(world)
    return plan_framework_move(application=world.application, actor=actor)


def _rules_move(world: World, actor: User) -> Any:
    from certify.applications.rules_move import application_rules_move

    return application_rules_move(
        application=world.application, actor=actor, reason="The board changed the rules."
    )


def _plan_framework_move_all(world: World, actor: User) -> Any:
    from certify.progress.framework_moves import plan_framework_move_all

    old = world.application.framework_version
    _framework_revision(world)
    return plan_framework_move_all(version=old, actor=actor)


# service -> (how to try it as `actor`, whether a declared conflict also refuses it)
DECISIONS: dict[str, tuple[Callable[[World, User], Any], bool]] = {
    "certify.applications.decisions.deadline_extend": (_deadline_extend, True),
    "certify.applications.rules_move.application_rules_move": (_rules_move, True),
    "certify.payments.services.payments.payment_record": (_payment_record, True),
    "certify.payments.services.payments.invoice_refund": (_invoice_refund, True),
    "certify.payments.services.payments.enrollment_fee_refund": (_enrollment_fee_refund, True),
    "certify.renewals.services.reinstatement.certificate_reinstate_lapsed": (
        _reinstate_lapsed,
        True,
    ),
    "certify.scholarships.services.draws.draw_run": (_draw_run, True),
    "certify.scholarships.services.committee.scorecard_save": (_scorecard_save, True),
    "certify.scholarships.services.committee.committee_confirm": (_committee_confirm, True),
    "certify.portfolios.services.review.reviewer_assign": (_reviewer_assign, True),
    "certify.portfolios.services.automatic.reviewers_assign_automatic": (
        _reviewers_assign_automatic,
        True,
    ),
    "certify.courses.services.decisions.course_evaluate": (_course_evaluate, True),
    "certify.accounts.services.role_grant": (_role_grant, False),
    "certify.accounts.services.role_revoke": (_role_revoke, False),
    "certify.progress.framework_moves.plan_framework_move": (_plan_framework_move, True),
    "certify.progress.framework_moves.plan_framework_move_all": (_plan_framework_move_all, True),
}


def test_the_decisions_tried_are_the_ones_listed():
    assert set(DECISIONS) == set(DECISION_NAMES)


@pytest.mark.parametrize("service", sorted(DECISION_NAMES))
def test_nobody_takes_a_decision_in_their_own_case(service, monkeypatch, world):
    candidate = world.users["candidate"]
    # The certificate has lapsed (for reinstatement): its expiry long past.
    from certify.certificates.models import Certificate

    Certificate.objects.filter(pk=world.certificate.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=400)
    )
    action, conflicts_too = DECISIONS[service]
    own = every_position(candidate, world)
    with_two_factor(own)
    refusal = attempt(lambda: action(world, own))
    assert isinstance(refusal, OwnCaseError), f"{service} by the candidate: {refusal!r}"
    assert "your own case" in refusal.message or "yourself" in refusal.message, refusal.message
    if conflicts_too:
        decider = every_position(UserFactory(), world, provider=False)
        with_two_factor(decider)

        def declared_then_tried():
            conflict_declare(actor=decider, person_email=candidate.email, reason="My cousin")
            action(world, decider)

        refusal = attempt(declared_then_tried)
        assert isinstance(refusal, OwnCaseError), f"{service}, conflicted: {refusal!r}"
        assert CONFLICT in refusal.message, refusal.message
