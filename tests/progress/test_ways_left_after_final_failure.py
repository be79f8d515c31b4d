"""Once a set's portfolio was not met for good, every message that says what is left names each
way the plan still offers: an approved course where the set allows one, and a recognized college
program where the program recognizes graduates (the route form's own rule): the plan's row, the
route refusal, the portfolio's page and the task list (the result's notification:
`tests/portfolios/test_result_ways_left.py`)."""

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.portfolios.models import Portfolio
from certify.programs.models import CompetencySet
from certify.progress import kept_plan, services
from tests.progress.test_plan_portfolio_steps import (  # noqa: F401  (a fixture)
    enrolled,
    on_portfolio,
    set_item,
    set_status,
)

CLOSED = (
    "Your portfolio was not met and cannot be submitted again, so a portfolio is no longer a way "
    "to show this set. You can still complete it with "
)
BY_COURSE = "choose Approved course below, then record the course once you have completed it"
BY_PROGRAMME = "choose Recognized college program below, then claim the program you graduated from"
BOTH = "an approved course or a recognized college program"


def _no_programmes(program):
    program.recognised_programme_years = 0
    program.save(update_fields=["recognised_programme_years"])


def _portfolio_only(portfolio):
    CompetencySet.objects.filter(pk=portfolio.planned_set.competency_set_id).update(
        routes=CompetencySet.Routes.PORTFOLIO
    )


def owner(portfolio):
    return portfolio.planned_set.application.candidate


@pytest.fixture
def failed(enrolled):  # noqa: F811
    portfolio = on_portfolio(enrolled, "CT")
    set_status(portfolio, Portfolio.Status.FAILED)
    kept_plan.forget_all()
    return portfolio


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (None, f"{CLOSED}{BOTH}: {BY_COURSE} or {BY_PROGRAMME}."),
        ("no programmes", f"{CLOSED}an approved course: {BY_COURSE}."),
        ("portfolio only", f"{CLOSED}a recognized college program: {BY_PROGRAMME}."),
    ],
)
def test_the_plan_names_each_way_left(client, failed, change, words):
    if change == "no programmes":
        _no_programmes(failed.planned_set.application.program)
    if change == "portfolio only":
        _portfolio_only(failed)
    kept_plan.forget_all()
    client.force_login(owner(failed))
    row = set_item(client.get(reverse("progress:plan")).text, failed.planned_set_id)
    assert words in row


def test_the_route_refusal_names_each_way_left(failed):
    planned = failed.planned_set
    with pytest.raises(DomainError) as refused:
        services.route_choose(planned=planned, actor=owner(failed), route="portfolio")
    assert refused.value.message.endswith(f"Choose {BOTH} instead.")
    _no_programmes(planned.application.program)
    with pytest.raises(DomainError) as refused:
        services.route_choose(planned=planned, actor=owner(failed), route="portfolio")
    assert refused.value.message.endswith("Choose an approved course instead.")


def test_the_portfolio_page_and_the_task_list_name_each_way_left(client, failed):
    client.force_login(owner(failed))
    page = client.get(reverse("portfolios:portfolio", args=[failed.planned_set_id])).text
    assert f"You can still complete Communication and Teamwork with {BOTH}: choose that way" in page
    home = client.get(reverse("accounts:home")).text
    assert f"Portfolio not met. You may still show this set by {BOTH}." in home
    _no_programmes(failed.planned_set.application.program)
    page = client.get(reverse("portfolios:portfolio", args=[failed.planned_set_id])).text
    assert "You can still complete Communication and Teamwork with an approved course: " in page
    assert "recognized college program: choose" not in page
