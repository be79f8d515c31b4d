"""The portfolio app's three workflow tables, tried exhaustively through the one transition call:
the portfolio, a reviewer's assignment and a supervisor's attestation."""

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.workflow import SYSTEM, LinkHolder
from certify.portfolios.models import EvidenceItem, Portfolio, ReviewAssignment, Submission
from certify.portfolios.services import portfolio_open
from certify.progress.services import plan_ensure, route_choose
from tests.factories import ApplicationFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Portfolio.Status
THEMSELVES = "the candidate themselves"
VERDICT = "Certify, once both reviews of the version are complete"
APPEAL = "program staff other than the candidate and the portfolio's reviewers"

PORTFOLIO_TABLE = {
    "submit": Move.of(
        [S.DRAFT, S.MORE_EVIDENCE],
        S.SUBMITTED,
        by=THEMSELVES,
        allowed=["candidate", "candidate on staff"],
    ),
    "record_met": Move.of(S.SUBMITTED, S.PASSED, by=VERDICT, allowed="system"),
    "ask_for_more_evidence": Move.of(S.SUBMITTED, S.MORE_EVIDENCE, by=VERDICT, allowed="system"),
    "record_not_met": Move.of(S.SUBMITTED, S.FAILED, by=VERDICT, allowed="system"),
    "reopen_after_appeal": Move.of(
        S.FAILED,
        S.SUBMITTED,
        by=APPEAL,
        allowed=["staff", "staff who reviewed another"],
        reason=True,
    ),
}

A = ReviewAssignment.Status
STAFF = "program staff other than the candidate"
ASSIGNMENT_TABLE = {
    "complete": Move.of(A.ASSIGNED, A.COMPLETED, by="the assigned reviewer", allowed="reviewer"),
    "withdraw": Move.of(
        A.ASSIGNED,
        A.WITHDRAWN,
        by=[
            STAFF,
            "Certify, when the reviewer's role ended, she declared a conflict or the candidate "
            "closed their account",
        ],
        allowed=["staff", "staff who reviewed it", "system"],
    ),
}

T = EvidenceItem.AttestationStatus
SUPERVISOR = "the supervisor holding the attestation link"
ATTESTATION_TABLE = {
    "give": Move.of(T.REQUESTED, T.GIVEN, by=SUPERVISOR, allowed="link holder"),
    "decline": Move.of(T.REQUESTED, T.DECLINED, by=SUPERVISOR, allowed="link holder"),
    "lapse": Move.of(
        T.REQUESTED,
        T.LAPSED,
        by="Certify, when the portfolio is submitted before the answer",
        allowed="system",
    ),
}


def portfolio_of(candidate, program):
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="CT")
    route_choose(planned=row, actor=candidate, route="portfolio")
    return portfolio_open(planned=row, actor=candidate)


def review_of(portfolio, reviewer, *, status=A.COMPLETED, number=1):
    submission, _ = Submission.objects.get_or_create(
        portfolio=portfolio, number=number, defaults={"snapshot": {}}
    )
    return ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, status=status, due_on=timezone.localdate()
    )


@pytest.fixture
def people(db):
    return {
        "other candidate": UserFactory(roles=[Role.CANDIDATE]),
        "staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "reviewer": UserFactory(roles=[Role.REVIEWER]),
        "staff who reviewed it": UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER]),
        "superuser without a role": UserFactory(roles=[], is_superuser=True),
    }


def test_every_portfolio_move_by_every_actor_from_every_status(lsscp, people):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    portfolio = portfolio_of(candidate, lsscp)
    # The verdict under appeal was made by these two reviewers; a third staff member reviewed
    # another portfolio only (reviewing is no bar elsewhere).
    review_of(portfolio, people["reviewer"])
    review_of(portfolio, people["staff who reviewed it"])
    elsewhere = UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER])
    review_of(portfolio_of(UserFactory(), lsscp), elsewhere)

    actors = {
        "candidate": lambda p: candidate,
        **{kind: (lambda p, who=who: who) for kind, who in people.items()},
        "staff who reviewed another": lambda p: elsewhere,
        "system": lambda p: SYSTEM,
        "link holder": lambda p: LinkHolder("attestation", p.pk),
    }
    outcome = assert_workflow_table(
        Portfolio,
        table=PORTFOLIO_TABLE,
        subject_in=lambda status: force_status(portfolio, status),
        actors=actors,
        own_case=["staff who reviewed it"],
    )
    assert outcome.tried == len(S.choices) * len(PORTFOLIO_TABLE) * len(actors)
    assert any("reopen_after_appeal, by staff who reviewed it" in r for r in outcome.refusals)

    # A staff member's own portfolio: they submit it, and may not send it back after an appeal.
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    own = portfolio_of(own_case, lsscp)
    outcome = assert_workflow_table(
        Portfolio,
        table=PORTFOLIO_TABLE,
        subject_in=lambda status: force_status(own, status),
        actors={"candidate on staff": lambda p: own_case, "staff": lambda p: people["staff"]},
        own_case=["candidate on staff"],
    )
    assert any("reopen_after_appeal, by candidate on staff" in r for r in outcome.refusals)


def test_every_assignment_move_by_every_actor_from_every_status(lsscp, people):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    portfolio = portfolio_of(candidate, lsscp)
    assignment = review_of(portfolio, people["reviewer"], status=A.ASSIGNED)
    review_of(portfolio, people["staff who reviewed it"], status=A.ASSIGNED)
    actors = {
        "candidate": lambda a: candidate,
        **{kind: (lambda a, who=who: who) for kind, who in people.items()},
        "system": lambda a: SYSTEM,
        "link holder": lambda a: LinkHolder("attestation", a.pk),
    }
    outcome = assert_workflow_table(
        ReviewAssignment,
        table=ASSIGNMENT_TABLE,
        subject_in=lambda status: force_status(assignment, status),
        actors=actors,
    )
    assert outcome.tried == len(A.choices) * len(ASSIGNMENT_TABLE) * len(actors)
    # The other reviewer of the same version may not complete this one.
    assert any("complete, by staff who reviewed it" in r for r in outcome.refusals)

    # Staff who are the candidate may not take a reviewer off their own portfolio.
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    own = review_of(portfolio_of(own_case, lsscp), people["reviewer"], status=A.ASSIGNED)
    outcome = assert_workflow_table(
        ReviewAssignment,
        table=ASSIGNMENT_TABLE,
        subject_in=lambda status: force_status(own, status),
        actors={"candidate on staff": lambda a: own_case, "staff": lambda a: people["staff"]},
        own_case=["candidate on staff"],
    )
    assert any("withdraw, by candidate on staff" in r for r in outcome.refusals)


def test_every_attestation_move_by_every_actor_from_every_status(lsscp, people):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    portfolio = portfolio_of(candidate, lsscp)
    response = portfolio.responses.first()
    item, other = (
        EvidenceItem.objects.create(
            response=response,
            kind=EvidenceItem.Kind.ATTESTATION,
            title=title,
            attester_email="pat@example.org",
            attestation_status=T.REQUESTED,
        )
        for title in ("Desk work", "Story time")
    )
    actors = {
        "candidate": lambda i: candidate,
        **{kind: (lambda i, who=who: who) for kind, who in people.items()},
        "system": lambda i: SYSTEM,
        "link holder": lambda i: LinkHolder("attestation", i.pk, "Pat Lee"),
        "holder of another item's link": lambda i: LinkHolder("attestation", other.pk),
        "holder of another kind of link": lambda i: LinkHolder("supervisor", i.pk),
    }
    outcome = assert_workflow_table(
        EvidenceItem,
        table=ATTESTATION_TABLE,
        subject_in=lambda status: force_status(item, status),
        actors=actors,
    )
    # Every status, the "" of files and links too.
    assert outcome.tried == len(T.choices) * len(ATTESTATION_TABLE) * len(actors)
