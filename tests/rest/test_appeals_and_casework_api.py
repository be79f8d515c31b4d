"""Appeals, supervisor requests and reviewer assignment through the API: the same services
and checks as the pages; a one-time act is refused the second time."""

import pytest

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.applications.decisions import application_reject
from certify.applications.models import Application, ConfirmationRequest
from certify.applications.services import application_submit
from certify.portfolios import services as portfolio_services
from certify.portfolios.models import Portfolio, ReviewAssignment
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    _rate,
    complete_portfolio,
    enrolled,
    owner,
    planned,
    portfolio,
    reviewers,
)

GROUNDS = "My hours at the county archive are library work: it lends to the public."


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def rejected(lsscp, staff):
    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=application)
    application_submit(application=application, actor=application.candidate)
    return application_reject(application=application, actor=staff, reason="Not library work.")


def test_the_candidate_appeals_a_rejection_once_and_gives_grounds_once(client, rejected):
    url = f"/api/v1/appeals/applications/{rejected.pk}"
    assert client.post(url).status_code == 401
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert client.post(url).status_code == 404  # another's: as an unknown id
    client.force_login(rejected.candidate)
    notice = client.post(url)
    assert notice.status_code == 201, notice.text
    body = notice.json()
    assert (body["subject"], body["status"]) == ("application", "notice")
    assert client.post(url).status_code == 400  # already appealed
    assert Appeal.objects.count() == 1

    grounds = f"/api/v1/appeals/{body['id']}/grounds"
    short = post(client, grounds, {"grounds": "Unfair."})
    assert (short.status_code, short.json()["field"]) == (400, "grounds")
    given = post(client, grounds, {"grounds": GROUNDS})
    assert given.status_code == 200, given.text
    assert given.json()["status"] == "grounds"
    assert post(client, grounds, {"grounds": GROUNDS}).status_code == 400
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert post(client, grounds, {"grounds": GROUNDS}).status_code == 404


def test_only_a_rejection_can_be_appealed(client, lsscp):
    draft = ApplicationFactory(program=lsscp)
    client.force_login(draft.candidate)
    answer = client.post(f"/api/v1/appeals/applications/{draft.pk}")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Only a rejection can be appealed."


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider"])
def test_only_program_staff_decide_appeals(client_as, rejected, role):
    appeal = _with_grounds(rejected)
    client = client_as(role)
    answer = post(
        client, f"/api/v1/staff/appeals/{appeal.pk}/decision", {"outcome": "uphold", "reason": "x"}
    )
    assert answer.status_code == (401 if role == "anonymous" else 403)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED


def _with_grounds(application):
    from certify.appeals.services import appeal_give_notice, appeal_submit_grounds

    appeal = appeal_give_notice(
        subject=application,
        appellant=application.candidate,
        program=application.program,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
    )
    return appeal_submit_grounds(appeal=appeal, actor=application.candidate, grounds=GROUNDS)


def test_a_second_reviewer_sends_the_decision_back_once(client, rejected, staff):
    appeal = _with_grounds(rejected)
    url = f"/api/v1/staff/appeals/{appeal.pk}/decision"
    client.force_login(staff)  # the one who rejected
    own = post(client, url, {"outcome": "uphold", "reason": "Fine."})
    assert own.status_code == 400
    assert "You cannot decide your own case" in own.json()["detail"]
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert post(client, url, {"reason": "x"}).json()["field"] == "outcome"
    sent_back = post(client, url, {"outcome": "send_back", "reason": "Archive hours count."})
    assert sent_back.status_code == 200, sent_back.text
    assert sent_back.json()["status"] == "sent_back"
    assert post(client, url, {"outcome": "uphold", "reason": "x"}).status_code == 400
    rejected.refresh_from_db()
    assert rejected.status == Application.Status.SUBMITTED


def _failed(portfolio):  # noqa: F811
    candidate = owner(portfolio)
    first = portfolio_services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in first.assignments.all():
        _rate(assignment, ["met"] * 8 + ["not_met"])
    portfolio = Portfolio.objects.get(pk=portfolio.pk)
    second = portfolio_services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in second.assignments.all():
        _rate(assignment, ["partial"] * 9)
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.FAILED
    return portfolio


def test_a_final_not_met_is_appealed_once(
    client,
    complete_portfolio,  # noqa: F811
    reviewers,  # noqa: F811
):
    url = f"/api/v1/appeals/portfolios/{complete_portfolio.planned_set_id}"
    client.force_login(owner(complete_portfolio))
    early = client.post(url)
    assert early.status_code == 400
    assert early.json()["detail"] == "Only a final “not met” can be appealed."
    _failed(complete_portfolio)
    notice = client.post(url)
    assert notice.status_code == 201, notice.text
    assert notice.json()["subject"] == "portfolio"
    assert client.post(url).status_code == 400
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert client.post(url).status_code == 404  # another's: as an unknown id
    assert Appeal.objects.count() == 1


def test_the_candidate_asks_the_supervisor_and_asking_again_leaves_one_live_link(client, lsscp):
    application = ApplicationFactory(program=lsscp)
    entry = ExperienceEntryFactory(
        application=application, supervisor_name="Pat Lee", supervisor_email="pat@example.org"
    )
    url = f"/api/v1/applications/{application.pk}/experience/{entry.pk}/supervisor"
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert client.post(url).status_code == 404  # another's: as an unknown id
    client.force_login(application.candidate)
    for _ in range(2):
        asked = client.post(url)
        assert asked.status_code == 200, asked.text
        assert asked.json()["supervisor_status"] == "requested"
    requests = ConfirmationRequest.objects.filter(entry=entry)
    assert requests.count() == 2
    assert requests.filter(ended="").count() == 1  # the first link stopped working


def test_staff_assign_a_reviewer_once_and_others_are_refused(
    client,
    client_as,
    complete_portfolio,  # noqa: F811
    reviewers,  # noqa: F811
):
    submission = portfolio_services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    url = f"/api/v1/staff/portfolios/submissions/{submission.pk}/reviewers"
    old = submission.assignments.first()
    body = {"reviewer_id": reviewers[2].pk, "replacing": old.pk}
    for role in ("anonymous", "candidate", "reviewer"):
        assert post(client_as(role), url, body).status_code == (401 if role == "anonymous" else 403)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    full = post(client, url, {"reviewer_id": reviewers[2].pk})
    assert full.status_code == 400
    assert "already has two reviewers" in full.json()["detail"]
    assert post(client, url, {}).json()["field"] == "reviewer"
    made = post(client, url, body)
    assert made.status_code == 201, made.text
    assert (made.json()["reviewer_id"], made.json()["status"]) == (reviewers[2].pk, "assigned")
    assert post(client, url, body).status_code == 400
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.WITHDRAWN
    assert submission.assignments.filter(status="assigned").count() == 2
