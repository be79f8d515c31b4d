"""A reviewer's own queue and home say "overdue" and "due today" by each review's program's day
(ADR 0036), as the staff list and the reminders do: RMT is in Denver, LSSCP and the site in
Chicago. At 06:30 UTC on 6 December it is 6 December (00:30) in Chicago and still 5 December
(23:30) in Denver; at 07:30 UTC it is 6 December in Denver too. The figures stay one query, and
the page reads as many queries for two programs on different days as for one
(tests/programs/second_program.py sets RMT up as its staff would)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from certify.portfolios import review_views, selectors
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.review_days import review_days
from certify.portfolios.services import (
    learning_statement_save,
    portfolio_open,
    portfolio_submit,
    response_save,
)
from certify.progress.services import plan_ensure, route_choose
from tests.conftest import count_queries
from tests.portfolios.conftest import _submission_for, make_reviewer, settle_enrollment
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

BEFORE_DENVER_MIDNIGHT = datetime(2026, 12, 6, 6, 30, tzinfo=UTC)
AFTER_DENVER_MIDNIGHT = datetime(2026, 12, 6, 7, 30, tzinfo=UTC)
DUE = date(2026, 12, 5)


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


@pytest.fixture
def reviewer(rmt):
    review_views.forget_kept_queues()
    return make_reviewer("Rita Reviewer", sets=("CT", "RET"))


def _rmt_review(rmt, staff, reviewer) -> ReviewAssignment:
    candidate, application = rmt_candidate(rmt, staff)
    settle_enrollment(application)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RET")
    route_choose(planned=row, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=row, actor=candidate)
    for response in portfolio.responses.all():
        response_save(response=response, actor=candidate, narrative="I kept the schedule.")
    learning_statement_save(portfolio=portfolio, actor=candidate, text="I learned to file.")
    submission = portfolio_submit(portfolio=portfolio, actor=candidate)
    assignment = submission.assignments.get(reviewer=reviewer)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(due_on=DUE)
    return assignment


def _lsscp_review(reviewer) -> ReviewAssignment:
    from tests.factories import UserFactory

    assignment = _submission_for(UserFactory(full_name="Lee Park"), reviewer)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(due_on=DUE)
    return assignment


def test_the_queue_says_due_today_until_the_day_ends_in_the_programs_zone(
    rmt, staff, reviewer, client, at
):
    _rmt_review(rmt, staff, reviewer)
    at(BEFORE_DENVER_MIDNIGHT)  # 6 December in Chicago, the due day still in Denver
    client.force_login(reviewer)  # then: a session begun at the run's time may have ended
    url = reverse("portfolios:review_queue")
    page = client.get(url).text
    assert page.count("<strong>(due today)</strong>") == 1
    assert "tag--warn" not in page
    assert selectors.reviewer_turnaround(reviewer=reviewer, days=review_days(reviewer)).overdue == 0
    at(AFTER_DENVER_MIDNIGHT)
    page = client.get(url).text
    assert page.count('<span class="tag tag--warn">Overdue</span>') == 1
    assert "(due today)" not in page


def test_two_programs_on_different_days_are_each_judged_by_their_own(
    rmt, staff, reviewer, client, at
):
    _rmt_review(rmt, staff, reviewer)
    _lsscp_review(reviewer)
    at(BEFORE_DENVER_MIDNIGHT)
    days = review_days(reviewer)
    assert days.single is None  # Chicago and Denver are on different days
    figures = selectors.reviewer_turnaround(reviewer=reviewer, days=days)
    assert (figures.open, figures.overdue) == (2, 1)  # LSSCP's is overdue, RMT's due today
    assert count_queries(lambda: selectors.reviewer_turnaround(reviewer=reviewer, days=days)) == 1
    client.force_login(reviewer)
    page = client.get(reverse("portfolios:review_queue")).text
    assert page.count('<span class="tag tag--warn">Overdue</span>') == 1
    assert page.count("<strong>(due today)</strong>") == 1
    assert "<dt>Overdue</dt><dd>1</dd>" in page
    home = client.get(reverse("accounts:home")).text
    assert "<strong>1 overdue</strong>" in home
    assert home.count(": <strong>overdue</strong>") == 1
    assert home.count(": due today") == 1


def test_the_queue_reads_as_many_queries_for_programs_on_different_days(
    rmt, staff, reviewer, client, at
):
    _lsscp_review(reviewer)
    at(BEFORE_DENVER_MIDNIGHT)
    client.force_login(reviewer)
    url = reverse("portfolios:review_queue")
    client.get(url)  # the programs' zones, kept under the shared version
    review_views.forget_kept_queues()
    one_program = count_queries(lambda: client.get(url))
    _rmt_review(rmt, staff, reviewer)  # now two programs, on different days
    assert count_queries(lambda: client.get(url)) == one_program
