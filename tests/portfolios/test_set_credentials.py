"""A set completed by a portfolio that its two reviewers passed gets its own credential once,
naming the portfolio (ADR 0035)."""

from certify.certificates.models import SetCredential
from certify.portfolios import services
from certify.progress.models import PlannedSet
from tests.portfolios.conftest import pass_every_review, pdf_upload


def test_a_passed_portfolio_issues_the_sets_credential_once(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = complete_portfolio.planned_set.application.candidate
    services.evidence_add_file(
        response=complete_portfolio.responses.first(),
        actor=candidate,
        upload=pdf_upload(),
        title="Desk log",
    )
    submitted = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        pass_every_review(submitted)
    planned = PlannedSet.objects.get(pk=complete_portfolio.planned_set_id)
    assert planned.is_satisfied
    made = SetCredential.objects.get()
    assert made.planned_set_id == planned.pk
    assert made.credential["evidence"][0]["name"] == "Portfolio"
    assert "Portfolio, version 1" in made.credential["evidence"][0]["narrative"]
    assert made.holder == candidate
