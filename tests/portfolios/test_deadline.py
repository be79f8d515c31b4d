"""A portfolio after the completion deadline (ADR 0073): from the day after it (in the program's
time zone) a portfolio is neither started nor submitted, first time or again, by the page or the
API, until staff extend the deadline; one submitted by then is still reviewed, satisfies its set
and can complete the plan: the certificate is issued."""

from datetime import date

import pytest
from django.urls import reverse

from certify.applications.api import deadline_extend
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import Portfolio, Submission
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.progress.services import electives_choose, planned_set_satisfy, route_choose
from tests.deadline import DEADLINE, LAST_MINUTE, NEXT_DAY, WORDS
from tests.portfolios.conftest import pass_every_review, pdf_upload


@pytest.fixture
def ready(complete_portfolio):
    """A complete portfolio with evidence; the candidate's deadline is December 1 in Auckland."""
    application = complete_portfolio.planned_set.application
    services.evidence_add_file(
        response=complete_portfolio.responses.first(),
        actor=application.candidate,
        upload=pdf_upload(),
        title="Desk log",
    )
    application.program.time_zone = "Pacific/Auckland"
    application.program.save(update_fields=["time_zone"])
    application.completion_deadline = DEADLINE
    application.save(update_fields=["completion_deadline"])
    return complete_portfolio


def _submit(portfolio):
    return services.portfolio_submit(
        portfolio=portfolio, actor=portfolio.planned_set.application.candidate
    )


def test_a_portfolio_is_submitted_on_the_deadline_day(ready, reviewers, at):
    at(LAST_MINUTE)
    assert _submit(ready).number == 1


def test_the_next_day_the_page_and_the_api_refuse_in_the_same_words(ready, reviewers, at, client):
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        _submit(ready)
    planned_id = ready.planned_set_id
    client.force_login(ready.planned_set.application.candidate)
    page = client.post(reverse("portfolios:submit", args=[planned_id]), follow=True)
    assert WORDS in page.text
    api = client.post(f"/api/v1/portfolios/{planned_id}/submit")
    assert (api.status_code, api.json()["detail"]) == (400, WORDS)
    ready.refresh_from_db()
    assert ready.status == Portfolio.Status.DRAFT
    assert not Submission.objects.filter(portfolio=ready).exists()


def test_a_resubmission_after_the_deadline_waits_for_an_extension(ready, reviewers, at, staff):
    at(LAST_MINUTE)
    _submit(ready)
    Portfolio.objects.filter(pk=ready.pk).update(status=Portfolio.Status.MORE_EVIDENCE)
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        _submit(ready)
    assert ready.submissions.count() == 1
    deadline_extend(
        application=ready.planned_set.application,
        actor=staff,
        new_deadline=date(2027, 3, 1),
        reason="Illness",
    )
    Portfolio.objects.filter(pk=ready.pk).update(attempt=2)
    assert _submit(ready).number == 2


def test_a_new_portfolio_is_not_started_after_the_deadline(ready, at, client):
    at(LAST_MINUTE)
    application = ready.planned_set.application
    tec = application.planned_sets.get(competency_set__code="TEC")
    route_choose(planned=tec, actor=application.candidate, route="portfolio")
    at(NEXT_DAY)
    client.force_login(application.candidate)
    api = client.post(f"/api/v1/portfolios/{tec.pk}/start")
    assert (api.status_code, api.json()["detail"]) == (400, WORDS)
    page = client.post(reverse("portfolios:start", args=[tec.pk]), follow=True)
    assert WORDS in page.text
    assert not Portfolio.objects.filter(planned_set=tec).exists()
    tec.refresh_from_db()
    assert tec.status == PlannedSet.Status.NOT_STARTED


def test_work_submitted_by_the_deadline_is_reviewed_after_it_and_certifies(
    ready, reviewers, at, django_capture_on_commit_callbacks
):
    at(LAST_MINUTE)
    application = ready.planned_set.application
    electives = application.program.competency_sets.filter(kind=CompetencySet.Kind.ELECTIVE)
    codes = [s.code for s in electives.order_by("order")[: application.rule("electives_required")]]
    electives_choose(application=application, actor=application.candidate, set_codes=codes)
    for row in application.planned_sets.exclude(pk=ready.planned_set_id):
        planned_set_satisfy(planned=row, actor=None, route="course", evidence="Course completed")
    submission = _submit(ready)
    at(NEXT_DAY)
    with django_capture_on_commit_callbacks(execute=True):
        pass_every_review(submission)
    assert PlannedSet.objects.get(pk=ready.planned_set_id).is_satisfied
    assert Certificate.objects.filter(application=application).exists()


def test_after_the_deadline_the_pages_offer_no_submission_but_the_draft_stays_open(
    ready, at, client
):
    planned_id = ready.planned_set_id
    at(LAST_MINUTE)
    # Signed in at that moment: a session begun at the run's own time (a clock a month before
    # it, `--clock`) would have ended by then.
    client.force_login(ready.planned_set.application.candidate)
    overview = client.get(reverse("portfolios:portfolio", args=[planned_id])).text
    check = client.get(reverse("portfolios:check", args=[planned_id])).text
    assert "Check your answers and submit" in overview
    assert "Yes, submit my portfolio" in check
    at(NEXT_DAY)
    overview = client.get(reverse("portfolios:portfolio", args=[planned_id])).text
    check = client.get(reverse("portfolios:check", args=[planned_id])).text
    assert "Check your answers and submit" not in overview
    assert f"{WORDS} You can go on working on your answers" in overview
    assert 'id="learning_statement"' in overview  # the draft can still be edited
    assert "Yes, submit my portfolio" not in check
    assert "This cannot be undone" not in check
    assert f"{WORDS} Submitting waits until staff extend your deadline." in check
