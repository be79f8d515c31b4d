"""The plan says where each portfolio stands: more evidence asked (submit again, by the deadline),
not met after the resubmission (the portfolio route is closed: an approved course still counts)."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.portfolios.models import Portfolio
from certify.portfolios.services import portfolio_open
from certify.programs.models import CompetencySet
from certify.progress import kept_plan, services
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory

OLD_WORDS = "Finish and submit the portfolio, or follow its review."


@pytest.fixture
def enrolled(lsscp):
    kept_plan.forget_all()
    application = ApplicationFactory(
        candidate=UserFactory(roles=[Role.CANDIDATE]),
        program=lsscp,
        status=Application.Status.ACCEPTED,
        completion_deadline=date(2030, 1, 1),
    )
    services.plan_ensure(application=application)
    return application


def on_portfolio(application: Application, code: str) -> Portfolio:
    row = application.planned_sets.get(competency_set__code=code)
    services.route_choose(planned=row, actor=application.candidate, route="portfolio")
    return portfolio_open(planned=row, actor=application.candidate)


def set_status(portfolio: Portfolio, status: str) -> None:
    # Raw SQL, as any write behind the page's back: the kept plan must not outlive it (ADR 0071).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portfolios_portfolio SET status = %s WHERE id = %s", [status, portfolio.pk]
        )


def set_item(page: str, planned_id: int) -> str:
    start = page.index(f'id="set-{planned_id}"')
    return page[start : page.index("</li>", start)]


def test_the_plan_says_where_the_portfolio_stands(client, enrolled):
    portfolio = on_portfolio(enrolled, "CT")
    planned_id = portfolio.planned_set_id
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")

    row = set_item(client.get(url).text, planned_id)
    assert "Finish the portfolio and submit it for review." in row
    assert "Open the portfolio" in row

    set_status(portfolio, Portfolio.Status.SUBMITTED)
    row = set_item(client.get(url).text, planned_id)
    assert "Your portfolio is with its reviewers" in row

    set_status(portfolio, Portfolio.Status.MORE_EVIDENCE)
    row = set_item(client.get(url).text, planned_id)
    assert (
        "The reviewers asked for more evidence: read their comments in the portfolio, add to it "
        "and submit it again by January 1, 2030, your deadline to finish." in row
    )
    assert OLD_WORDS not in row

    set_status(portfolio, Portfolio.Status.FAILED)
    row = set_item(client.get(url).text, planned_id)
    assert OLD_WORDS not in row
    assert (
        "Your portfolio was not met and cannot be submitted again, so a portfolio is no longer a "
        "way to show this set. You can still complete it with an approved course or a "
        "recognized college program" in row
    )
    catalogue = reverse("courses:catalogue") + f"?program={enrolled.program.slug}&amp;set=CT"
    assert f'<a href="{catalogue}">See the approved courses for Communication' in row
    assert "Open the portfolio" in row  # its comments, and an appeal
    assert "Save my choice" in row  # the route form: an approved course


def test_a_set_shown_only_by_portfolio_offers_no_course_once_not_met(client, enrolled):
    portfolio = on_portfolio(enrolled, "CT")
    CompetencySet.objects.filter(pk=portfolio.planned_set.competency_set_id).update(
        routes=CompetencySet.Routes.PORTFOLIO
    )
    set_status(portfolio, Portfolio.Status.FAILED)
    client.force_login(enrolled.candidate)
    row = set_item(client.get(reverse("progress:plan")).text, portfolio.planned_set_id)
    # The program recognizes graduates: a recognized college program is still a way.
    assert "You can still complete it with a recognized college program" in row
    assert "approved course" not in row
    enrolled.program.recognised_programme_years = 0
    enrolled.program.save(update_fields=["recognised_programme_years"])
    kept_plan.forget_all()
    row = set_item(client.get(reverse("progress:plan")).text, portfolio.planned_set_id)
    assert "the result is final for this set. The portfolio says how to appeal." in row
    assert "approved course" not in row


def test_the_portfolios_cost_the_plan_no_query(client, enrolled):
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")
    client.get(url)
    kept_plan.forget_all()  # read afresh
    few = count_queries(lambda: client.get(url))
    for code, status in (("CT", "more_evidence"), ("FLS", "failed"), ("TEC", "submitted")):
        set_status(on_portfolio(enrolled, code), status)
    kept_plan.forget_all()
    page = client.get(url).text
    assert "not met and cannot be submitted again" in page
    kept_plan.forget_all()
    assert count_queries(lambda: client.get(url)) == few
