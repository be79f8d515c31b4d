"""A task row's words and its action agree (ADR 0038, amended): a row that "Cannot start yet"
offers no action, and a row that offers one names what it does. Walked over the candidate's
states: every stage of an application, a certificate not yet in its renewal window, one in it
and one lapsed, a plan past its deadline, a portfolio not met for good with and without another
way left. The home page shows the plain line under "Show your competence"."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import TaskStatus, candidate_tasks
from certify.accounts.models import User
from certify.core.plain_words import PLAIN
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.portfolios.models import Portfolio
from certify.programs.models import CompetencySet
from certify.progress import kept_plan
from certify.progress.services import route_choose
from tests.progress.test_plan_portfolio_steps import (  # noqa: F401  (a fixture)
    enrolled,
    on_portfolio,
    set_status,
)
from tests.renewals.conftest import holder_with_certificate

S = TaskStatus
# Labels that do not say what they do: a row's action is a verb and its object.
VAGUE = {"Go", "Open", "Continue", "Here", "More", "See"}


def _disagreements(user: User) -> list[str]:
    found = []
    for task in candidate_tasks(user=user):
        where = f"{user.email} {task.key} ({task.status.label}, {task.action_label!r})"
        if task.status == S.CANNOT_START and (task.action_url or task.action_label):
            found.append(f"{where}: cannot start yet, yet offers an action")
        if bool(task.action_url) != bool(task.action_label):
            found.append(f"{where}: a link without words, or words without a link")
        if task.action_label and (task.action_label in VAGUE or len(task.action_label.split()) < 2):
            found.append(f"{where}: the action does not say what it does")
    return found


def test_no_row_at_any_stage_offers_an_action_it_says_cannot_start(lsscp, staff):
    demo_applications_create(program=lsscp, staff=staff)
    renewing, lapsed = demo_renewals_create(program=lsscp, staff=staff)
    fresh = holder_with_certificate(lsscp, issued_on=timezone.localdate())
    people = [*User.objects.filter(email__endswith="@example.org"), fresh.holder]
    assert len(people) > 8
    problems = [p for person in people for p in _disagreements(person)]
    assert problems == []
    # The certificate holder before the window: logging continuing education is offered, and
    # the row says "Not started", not "Cannot start yet".
    renewal = {t.key: t for t in candidate_tasks(user=fresh.holder)}["renewal"]
    assert (renewal.status, renewal.action_label) == (S.NOT_STARTED, "Log continuing education")
    assert renewal.due_label == "Renewal opens on"
    # The lapsed holder: closed, with the page that says how to ask staff to reopen it.
    row = {t.key: t for t in candidate_tasks(user=lapsed.holder)}["renewal"]
    assert (row.status, row.action_label) == (S.CLOSED, "See your renewal page")
    assert renewing.holder != lapsed.holder


def test_after_the_deadline_what_cannot_start_offers_nothing(enrolled, at):  # noqa: F811
    on_portfolio(enrolled, "CT")
    route_choose(
        planned=enrolled.planned_sets.get(competency_set__code="FLS"),
        actor=enrolled.candidate,
        route="course",
    )
    at(datetime(2030, 3, 1, 12, tzinfo=UTC))  # after its deadline, January 1, 2030
    kept_plan.forget_all()
    assert _disagreements(enrolled.candidate) == []
    tasks = {t.key: t for t in candidate_tasks(user=enrolled.candidate)}
    assert tasks["deadline"].status == S.CLOSED
    assert tasks["deadline"].action_url == reverse("progress:plan_in", args=["lsscp"])
    assert tasks["electives"].status == S.CANNOT_START
    cannot = [t for t in tasks.values() if t.status == S.CANNOT_START and t.key[:4] == "set-"]
    assert cannot  # the sets not started, the one by course among them
    assert all(t.action_url == "" for t in cannot)


@pytest.mark.parametrize("ways_left", [True, False])
def test_a_portfolio_not_met_for_good_offers_a_way_only_when_one_is_left(
    enrolled,  # noqa: F811
    ways_left,
):
    portfolio = on_portfolio(enrolled, "CT")
    set_status(portfolio, Portfolio.Status.FAILED)
    if not ways_left:
        enrolled.program.recognised_programme_years = 0
        enrolled.program.save(update_fields=["recognised_programme_years"])
        CompetencySet.objects.filter(pk=portfolio.planned_set.competency_set_id).update(
            routes=CompetencySet.Routes.PORTFOLIO
        )
    kept_plan.forget_all()
    row = {t.key: t for t in candidate_tasks(user=enrolled.candidate)}[
        f"set-{portfolio.planned_set_id}"
    ]
    assert _disagreements(enrolled.candidate) == []
    if ways_left:
        assert (row.status, row.action_label) == (S.IN_PROGRESS, "Choose another way to show it")
        assert row.action_url.endswith(f"#set-{portfolio.planned_set_id}")
    else:  # nothing to choose: the result, where an appeal is offered
        assert (row.status, row.action_label) == (S.CLOSED, "Read the result")
        assert row.action_url == reverse("portfolios:portfolio", args=[portfolio.planned_set_id])
        assert "final for this set unless an appeal" in row.hint


def test_the_home_page_says_what_a_set_is_under_show_your_competence(client, enrolled):  # noqa: F811
    client.force_login(enrolled.candidate)
    page = client.get(reverse("accounts:home")).text
    heading = page.index("<h3>Show your competence</h3>")
    intro = f'<p class="task-list__intro">{PLAIN["competency_set"]} {PLAIN["show_competence"]}'
    assert page.index(intro) > heading
    assert page.count(PLAIN["competency_set"]) == 1  # once, not on every row
