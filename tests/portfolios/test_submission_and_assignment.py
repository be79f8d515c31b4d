"""Submitting a portfolio and assigning its reviewers: it waits for the enrollment fee and for
a complete portfolio, locks the version and assigns two reviewers, skipping conflicts, full
reviewers and non-experts and balancing load; staff assigning by hand are held to the same
rules."""

import pytest

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import (
    ReviewAssignment,
    Submission,
)
from tests.factories import UserFactory
from tests.portfolios.conftest import _submission_for, make_reviewer, owner


def test_a_portfolio_waits_for_the_enrollment_fee(complete_portfolio, reviewers):
    from certify.payments.api import enrollment_invoice_for
    from certify.payments.services import invoice_refund

    application = complete_portfolio.planned_set.application
    invoice = enrollment_invoice_for(user=application.candidate, program=application.program)
    invoice.refresh_from_db()
    invoice_refund(
        invoice=invoice,
        reason="Test: unpaid",
        actor=UserFactory(roles=[Role.PROGRAM_STAFF]),
        amount=invoice.net_paid,
    )
    with pytest.raises(DomainError, match="enrollment fee is paid"):
        services.portfolio_submit(portfolio=complete_portfolio, actor=owner(complete_portfolio))
    assert not Submission.objects.exists()


def test_an_incomplete_portfolio_cannot_be_submitted(portfolio, reviewers):
    with pytest.raises(DomainError, match="not complete yet"):
        services.portfolio_submit(portfolio=portfolio, actor=owner(portfolio))
    assert not Submission.objects.exists()


def test_submitting_locks_the_version_and_assigns_two_reviewers(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assert submission.number == 1
    assert len(submission.snapshot["responses"]) == 9
    assert submission.assignments.count() == 2
    assert all(a.ratings.count() == 9 for a in submission.assignments.all())
    with pytest.raises(DomainError, match="cannot be changed"):
        services.response_save(
            response=complete_portfolio.responses.first(),
            actor=owner(complete_portfolio),
            narrative="changed",
        )


def test_assignment_skips_conflicts_full_reviewers_and_non_experts(complete_portfolio, lsscp):
    candidate = owner(complete_portfolio)
    declared = make_reviewer("Declared Conflict")
    conflict_declare(actor=declared, person_email=candidate.email, reason="Sister")
    make_reviewer("Same Library", employer="riverside public library")
    make_reviewer("Wrong Expertise", sets=("CAT",))
    full = make_reviewer("Fully Booked", capacity=0)
    ok_one, ok_two = make_reviewer("Able One"), make_reviewer("Able Two")
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    assigned = {a.reviewer for a in submission.assignments.all()}
    assert assigned == {ok_one, ok_two}
    assert full not in assigned


def test_assignment_balances_load(complete_portfolio, reviewers):
    busy = reviewers[0]
    other = UserFactory()
    # Give the first reviewer open work elsewhere.

    _submission_for(other, busy)
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assert busy not in {a.reviewer for a in submission.assignments.all()}


def test_staff_assign_only_reviewers_with_expertise_in_the_set(complete_portfolio, reviewers):
    """Two reviewers with expertise in the set: staff choosing a reviewer by hand are held to it
    as the automatic assignment is (by the page and the API alike, through the service)."""
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    old = submission.assignments.first()
    stranger = make_reviewer("Tomas Cataloger", sets=("CAT",))
    with pytest.raises(DomainError, match="Tomas Cataloger has no expertise in Communication"):
        services.reviewer_assign(
            submission=submission, reviewer=stranger, actor=staff, replacing=old
        )
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.ASSIGNED  # nothing changed
    services.reviewer_assign(
        submission=submission, reviewer=reviewers[2], actor=staff, replacing=old
    )


def test_staff_override_respects_conflicts(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    with pytest.raises(DomainError, match="already has two reviewers"):
        services.reviewer_assign(submission=submission, reviewer=reviewers[2], actor=staff)
    old = submission.assignments.first()
    new = services.reviewer_assign(
        submission=submission, reviewer=reviewers[2], actor=staff, replacing=old
    )
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.WITHDRAWN
    assert new.assigned_by == staff
    candidate = owner(complete_portfolio)
    from certify.accounts.services import role_grant

    role_grant(user=candidate, role=Role.REVIEWER, actor=staff)
    with pytest.raises(DomainError, match="own portfolio"):
        services.reviewer_assign(submission=submission, reviewer=candidate, actor=staff)
    # A declared conflict (with the candidate's library) and the same library are refused too.
    kept = new
    conflicted = make_reviewer("Conflicted Reviewer")
    conflict_declare(actor=conflicted, organisation="Riverside Public Library", reason="Mine")
    colleague = make_reviewer("Library Colleague", employer="RIVERSIDE public library")
    for reviewer, why in ((conflicted, "declared a conflict"), (colleague, "works at a library")):
        with pytest.raises(DomainError, match=why):
            services.reviewer_assign(
                submission=submission, reviewer=reviewer, actor=staff, replacing=kept
            )
    # A reviewer who declares a conflict once assigned gives it back at once: she cannot
    # complete it (tests/portfolios/test_conflicted_reviewer.py).
    conflict_declare(actor=kept.reviewer, person_email=candidate.email, reason="Recognized her")
    kept.refresh_from_db()
    assert kept.status == ReviewAssignment.Status.WITHDRAWN
    with pytest.raises(DomainError, match="Withdrawn"):
        services.assessment_complete(assignment=kept, actor=kept.reviewer, comment="")
