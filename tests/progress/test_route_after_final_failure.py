"""A set whose portfolio was not met for good (no resubmission left): the route form offers only
what the candidate may still choose and says why Portfolio is gone; the service refuses
Portfolio in words, on the page and through the API, and changes nothing; an appeal sent back
opens it again."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.portfolios.models import Portfolio
from certify.programs.models import CompetencySet
from certify.progress import kept_plan, services
from certify.progress.models import PlannedSet
from tests.progress.test_plan_portfolio_steps import (  # noqa: F401  (a fixture)
    enrolled,
    on_portfolio,
    set_item,
    set_status,
)

GONE = (
    "Portfolio is no longer offered: your portfolio for this set was not met and cannot be "
    "submitted again."
)
REFUSED = (
    "Your portfolio for Communication and Teamwork was not met and cannot be submitted again, "
    "so a portfolio is no longer a way to show this set. Choose an approved course or a "
    "recognized college program instead."
)


@pytest.fixture
def failed(enrolled):  # noqa: F811
    portfolio = on_portfolio(enrolled, "CT")
    set_status(portfolio, Portfolio.Status.FAILED)
    kept_plan.forget_all()
    return portfolio.planned_set


def radios(row: str) -> list[str]:
    return re.findall(r'name="route" value="([a-z_]+)"', row)


def test_the_form_offers_only_what_is_left_and_says_why(client, failed):
    client.force_login(failed.application.candidate)
    row = set_item(client.get(reverse("progress:plan")).text, failed.pk)
    assert "portfolio" not in radios(row)
    assert "course" in radios(row)
    assert GONE in row
    assert "Save my choice" in row


def test_nothing_chosen_is_said_at_the_choices_and_names_the_set(client, failed):
    """Portfolio chosen before, now gone: no choice is checked. The choices are required (the
    browser says so beside them), and the server's message, at the top of the plan, names the
    set (it said "Choose how you will show this set." above every set's form)."""
    client.force_login(failed.application.candidate)
    row = set_item(client.get(reverse("progress:plan")).text, failed.pk)
    boxes = re.findall(r'<input type="radio" name="route"[^>]*>', row)
    assert boxes
    assert all(" required" in box and " checked" not in box for box in boxes), boxes
    page = client.post(reverse("progress:route", args=[failed.pk]), {})
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "Choose how you will show Communication and Teamwork, then press Save my choice."
    ]


def test_other_sets_still_offer_portfolio(client, failed):
    client.force_login(failed.application.candidate)
    page = client.get(reverse("progress:plan")).text
    other = failed.application.planned_sets.exclude(pk=failed.pk).first()
    assert "portfolio" in radios(set_item(page, other.pk))
    assert GONE not in set_item(page, other.pk)


def test_with_nothing_left_there_is_no_form(client, failed):
    CompetencySet.objects.filter(pk=failed.competency_set_id).update(
        routes=CompetencySet.Routes.PORTFOLIO
    )
    program = failed.application.program
    program.recognised_programme_years = 0
    program.save(update_fields=["recognised_programme_years"])
    kept_plan.forget_all()
    client.force_login(failed.application.candidate)
    row = set_item(client.get(reverse("progress:plan")).text, failed.pk)
    assert radios(row) == []
    assert "Save my choice" not in row
    assert GONE not in row  # nothing to choose from: the next step says the result is final
    assert "the result is final for this set" in row


def test_the_service_refuses_portfolio_and_changes_nothing(failed):
    candidate = failed.application.candidate
    services.route_choose(planned=failed, actor=candidate, route="course")  # still open
    audits = AuditEvent.objects.filter(verb="plan.route_chosen").count()
    with pytest.raises(DomainError) as refused:
        services.route_choose(planned=failed, actor=candidate, route="portfolio")
    assert refused.value.message == REFUSED
    assert refused.value.field == "route"
    failed.refresh_from_db()
    assert failed.route == PlannedSet.Route.COURSE
    assert AuditEvent.objects.filter(verb="plan.route_chosen").count() == audits


def test_the_page_and_the_api_refuse_it_in_the_same_words(client, failed):
    audits = AuditEvent.objects.filter(verb="plan.route_chosen").count()
    client.force_login(failed.application.candidate)
    page = client.post(reverse("progress:route", args=[failed.pk]), {"route": "portfolio"})
    assert [str(m) for m in get_messages(page.wsgi_request)] == [REFUSED]
    answer = client.put(
        f"/api/v1/plan/{failed.pk}/route", {"route": "portfolio"}, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == REFUSED
    failed.refresh_from_db()
    assert failed.route == PlannedSet.Route.PORTFOLIO  # as it was: nothing chosen
    assert AuditEvent.objects.filter(verb="plan.route_chosen").count() == audits


def test_an_appeal_sent_back_offers_portfolio_again(client, failed):
    set_status(Portfolio.objects.get(planned_set=failed), Portfolio.Status.SUBMITTED)
    kept_plan.forget_all()
    client.force_login(failed.application.candidate)
    row = set_item(client.get(reverse("progress:plan")).text, failed.pk)
    assert "portfolio" in radios(row)
    assert GONE not in row
    chosen = services.route_choose(
        planned=failed, actor=failed.application.candidate, route="portfolio"
    )
    assert chosen.route == PlannedSet.Route.PORTFOLIO
