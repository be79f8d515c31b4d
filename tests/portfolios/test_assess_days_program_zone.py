"""The reviewer's page gives its days in the program's time zone (RULINGS: a case's dates are
shown there): RMT (Denver) at 23:30 on 2 March, when it is already 3 March in Chicago (the site's
`TIME_ZONE`). An attestation given then reads "March 2, 2027" on the reviewer's page (as the
version was submitted with it) and on the candidate's own pages; a review finished then reads
"You finished this review on March 2, 2027". The reviewer's page still names no candidate in a
blind review, and no attester's day in the site's zone."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.portfolios import services
from certify.portfolios.models import Submission
from certify.progress.services import plan_ensure, route_choose
from tests.clock import clock_at
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.portfolios.conftest import make_reviewer, settle_enrollment
from tests.portfolios.test_attestations import attest, request
from tests.programs.second_program import rmt_set_up

pytestmark = clock_at("2027-03-02T23:30:00-07:00")  # 06:30 UTC, 00:30 on the 3rd in Chicago


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def rmt_portfolio(staff):
    rmt = rmt_set_up(staff)
    candidate = UserFactory(full_name="Robin Vega", roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=rmt, status=Application.Status.ACCEPTED
    )
    ExperienceEntryFactory(application=application, library_name="Denver Records Office")
    settle_enrollment(application)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RMF")
    planned = route_choose(planned=row, actor=candidate, route="portfolio")
    portfolio = services.portfolio_open(planned=planned, actor=candidate)
    for response in portfolio.responses.all():
        services.response_save(response=response, actor=candidate, narrative="I file every day.")
    services.learning_statement_save(portfolio=portfolio, actor=candidate, text="I learned.")
    return portfolio


def test_the_reviewers_page_gives_the_programs_days(
    rmt_portfolio, client, django_capture_on_commit_callbacks
):
    for name in ("Rita Reviewer", "Ravi Reader"):
        make_reviewer(name, sets=("RMF",))
    _item, token = request(rmt_portfolio, django_capture_on_commit_callbacks)
    assert attest(client, token).status_code == 200
    candidate = rmt_portfolio.planned_set.application.candidate
    client.force_login(candidate)
    preview = _flat(
        client.get(reverse("portfolios:preview", args=[rmt_portfolio.planned_set_id])).text
    )
    assert "— Pat Lee, March 2, 2027</footer>" in preview
    submission = services.portfolio_submit(portfolio=rmt_portfolio, actor=candidate)
    assignment = Submission.objects.get(pk=submission.pk).assignments.first()
    client.force_login(assignment.reviewer)
    url = reverse("portfolios:assess", args=[assignment.pk])
    page = _flat(client.get(url).text)
    assert "— Pat Lee, March 2, 2027</footer>" in page
    assert "2027-03-03" not in page
    for row in assignment.ratings.all():
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating="met",
            comment="",
        )
    services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")
    page = _flat(client.get(url).text)
    assert "You finished this review on March 2, 2027: Met." in page
    assert "— Pat Lee, March 2, 2027</footer>" in page  # the other review is still to come
    assert "Robin Vega" not in page
