"""A portfolio's reviews and what they decide: every rating, and a comment below Met, before a
review completes; partly met, then resubmitted and passed; judged by the rule the
candidate applied under; a second failure is final unless an appeal sends it back."""

import pytest
from django.core import mail

from certify.accounts.models import Role
from certify.appeals.services import appeal_decide, appeal_give_notice, appeal_submit_grounds
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import (
    Portfolio,
)
from certify.portfolios.verdicts import Outcome
from certify.progress.models import PlannedSet
from tests.factories import UserFactory
from tests.portfolios.conftest import _rate, owner


def test_a_review_needs_every_rating_and_comments_below_met(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assignment = submission.assignments.first()
    with pytest.raises(DomainError, match="Rate every competency first"):
        services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")
    row = assignment.ratings.first()
    services.rating_save(
        assignment=assignment,
        actor=assignment.reviewer,
        competency_id=row.competency_id,
        rating="partial",
        comment="",
    )
    for other in assignment.ratings.exclude(pk=row.pk):
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=other.competency_id,
            rating="met",
            comment="",
        )
    with pytest.raises(DomainError, match="Explain each rating below Met"):
        services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")
    outsider = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="assigned to someone else"):
        services.rating_save(
            assignment=assignment,
            actor=outsider,
            competency_id=row.competency_id,
            rating="met",
            comment="",
        )


def test_partial_then_resubmission_passes_and_satisfies_the_set(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    a, b = first.assignments.all()
    _rate(a, ["met"] * 6 + ["partial"] * 3)  # 6 of 9 = 67 %: partially met
    with django_capture_on_commit_callbacks(execute=True):
        _rate(b, ["met"] * 5 + ["partial"] * 4)
    first.refresh_from_db()
    assert first.outcome == Outcome.MORE_EVIDENCE
    assert "More evidence needed" in mail.outbox[-1].subject
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    assert portfolio.status == Portfolio.Status.MORE_EVIDENCE
    assert portfolio.attempt == 2

    response = portfolio.responses.first()
    services.response_save(response=response, actor=candidate, narrative="More, with examples.")
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    assert second.number == 2
    assert {x.reviewer for x in second.assignments.all()} == {a.reviewer, b.reviewer}
    assert first.snapshot != second.snapshot  # the first version is kept as it was
    c, d = second.assignments.all()
    _rate(c, ["met"] * 7 + ["partial"] * 2)  # 7 of 9 = 78 %: met
    _rate(d, ["met"] * 4 + ["partial"] * 5)
    second.refresh_from_db()
    assert second.outcome == Outcome.PASSED
    planned = PlannedSet.objects.get(pk=portfolio.planned_set_id)
    assert planned.status == PlannedSet.Status.SATISFIED
    assert planned.evidence == "Portfolio, version 2"


def test_the_portfolio_rule_is_the_one_the_candidate_applied_under(complete_portfolio, reviewers):
    """A rule change applies to new cases: raising the Met share after the candidate applied
    does not change how their portfolio is judged."""
    application = complete_portfolio.planned_set.application
    application.rules_keep()  # as at submission
    application.save(update_fields=["rules"])
    program = application.program
    kept = program.portfolio_met_percent
    program.portfolio_met_percent = 90
    program.save(update_fields=["portfolio_met_percent"])
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    for assignment in submission.assignments.all():
        _rate(assignment, ["met"] * 7 + ["partial"] * 2)  # 78 %: Met at 70 %, not at 90 %
    submission.refresh_from_db()
    assert kept == 70
    assert submission.outcome == Outcome.PASSED


def test_a_second_failure_is_final_and_an_appeal_can_send_it_back(complete_portfolio, reviewers):
    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    for assignment in first.assignments.all():
        _rate(assignment, ["met"] * 8 + ["not_met"])
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in second.assignments.all():
        _rate(assignment, ["partial"] * 9)
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.FAILED
    second.refresh_from_db()
    assert second.outcome == Outcome.FAILED

    program = portfolio.planned_set.application.program
    appeal = appeal_give_notice(
        subject=second,
        appellant=candidate,
        program=program,
        decided_by=None,
        decided_at=second.decided_at,
    )
    appeal_submit_grounds(
        appeal=appeal,
        actor=candidate,
        grounds="The reviewers did not open my video evidence at all.",
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    appeal_decide(appeal=appeal, actor=staff, uphold=False, reason="Reassess with the video.")
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.SUBMITTED
    fresh = second.assignments.filter(round=2)
    assert fresh.count() == 1  # only one reviewer left who has not seen this portfolio
    assert fresh.get().reviewer == reviewers[2]
