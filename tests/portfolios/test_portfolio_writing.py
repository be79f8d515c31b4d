"""Opening a portfolio and writing it: the portfolio route opens one response per competency,
narratives are kept as typed and shown as safe rich text, and the checklist names what is
missing."""

import pytest

from certify.core.errors import DomainError
from certify.portfolios import services
from certify.progress.models import PlannedSet
from tests.portfolios.conftest import owner


def test_opening_needs_the_portfolio_route(enrolled):
    from certify.progress.services import plan_ensure

    plan_ensure(application=enrolled)
    row = enrolled.planned_sets.get(competency_set__code="FLS")
    with pytest.raises(DomainError, match="Choose the portfolio route"):
        services.portfolio_open(planned=row, actor=enrolled.candidate)


def test_opening_makes_one_response_per_competency_and_starts_the_set(portfolio):
    assert portfolio.responses.count() == 9
    portfolio.planned_set.refresh_from_db()
    assert portfolio.planned_set.status == PlannedSet.Status.IN_PROGRESS


def test_narratives_are_safe_rich_text(portfolio):
    response = portfolio.responses.first()
    services.response_save(
        response=response,
        actor=owner(portfolio),
        narrative='<p onclick="x()">I <strong>help</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a>',
    )
    shown = services.narrative_clean(response.narrative)
    assert "<script" not in shown
    assert "onclick" not in shown
    assert "javascript:" not in shown
    assert "<strong>help</strong>" in shown
    assert 'href="https://ok.example"' in shown


def test_plain_text_becomes_paragraphs(portfolio):
    response = portfolio.responses.first()
    services.response_save(
        response=response,
        actor=owner(portfolio),
        narrative="First <point>.\n\nSecond line\nwith a break.",
    )
    response.refresh_from_db()
    assert response.narrative == "First <point>.\n\nSecond line\nwith a break."  # as typed
    assert services.narrative_clean(response.narrative) == (
        "<p>First &lt;point&gt;.</p><p>Second line<br>with a break.</p>"
    )


def test_the_checklist_names_what_is_missing(portfolio):
    missing = services.portfolio_checklist(portfolio=portfolio)
    assert missing[0] == "Write your personal learning statement."
    assert len(missing) == 10
    response = portfolio.responses.first()
    services.evidence_add_link(
        response=response, actor=owner(portfolio), url="https://example.org/a", title="A"
    )
    assert len(services.portfolio_checklist(portfolio=portfolio)) == 9
