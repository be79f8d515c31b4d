"""The portfolio and review endpoints of the REST API (certify/rest/portfolios.py)."""

import pytest

from certify.accounts.models import Role
from certify.portfolios import services
from tests.conftest import count_queries
from tests.factories import UserFactory

J = "application/json"


def test_a_candidate_fills_and_submits_through_the_api(client, portfolio, reviewers):
    client.force_login(portfolio.planned_set.application.candidate)
    url = f"/api/v1/portfolios/{portfolio.planned_set_id}"
    body = client.get(url).json()
    assert body["competency_set"] == "CT"
    assert len(body["missing"]) == 10
    assert client.post(f"{url}/submit").status_code == 400
    client.put(f"{url}/statement", {"text": "I learned to listen."}, content_type=J)
    for r in body["responses"]:
        saved = client.put(
            f"{url}/responses/{r['competency']}", {"text": "How I do it."}, content_type=J
        )
        assert saved.status_code == 200
    link = client.post(
        f"{url}/responses/CT-01/links",
        {"url": "https://example.org/v", "title": "Video"},
        content_type=J,
    )
    assert link.status_code == 201
    submitted = client.post(f"{url}/submit").json()
    assert submitted["status"] == "submitted"
    assert submitted["submissions"][0]["number"] == 1


def test_a_reviewer_rates_and_completes_through_the_api(client, complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=complete_portfolio.planned_set.application.candidate
    )
    assignment = submission.assignments.first()
    client.force_login(assignment.reviewer)
    queue = client.get("/api/v1/reviews").json()
    assert [a["id"] for a in queue["items"]] == [assignment.pk]
    detail = client.get(f"/api/v1/reviews/{assignment.pk}").json()
    assert len(detail["ratings"]) == 9
    assert (
        client.put(
            f"/api/v1/reviews/{assignment.pk}/ratings/CT-01",
            {"rating": "excellent"},
            content_type=J,
        ).status_code
        == 422
    )
    for r in detail["ratings"]:
        client.put(
            f"/api/v1/reviews/{assignment.pk}/ratings/{r['competency']}",
            {"rating": "met"},
            content_type=J,
        )
    done = client.post(
        f"/api/v1/reviews/{assignment.pk}/complete", {"comment": "Good"}, content_type=J
    ).json()
    assert done["verdict"] == "met"
    assert done["status"] == "completed"


def test_others_cannot_read_or_change_a_portfolio(client, portfolio):
    url = f"/api/v1/portfolios/{portfolio.planned_set_id}"
    assert client.get(url).status_code == 401
    for role in (Role.CANDIDATE, Role.REVIEWER, Role.PROVIDER, Role.SPONSOR):
        client.force_login(UserFactory(roles=[role]))
        # Someone else's portfolio answers as an unknown one: it says nothing of its existence.
        unknown = "/api/v1/portfolios/999999"
        assert client.get(url).status_code == 404, role
        assert client.get(url).json()["detail"] == client.get(unknown).json()["detail"]
        assert client.put(f"{url}/statement", {"text": "x"}, content_type=J).status_code == 404


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.PROVIDER, Role.SPONSOR])
def test_only_reviewers_have_reviews(client, db, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get("/api/v1/reviews").status_code == 403


def test_an_unassigned_reviewer_gets_the_answer_of_an_unknown_review(
    client, complete_portfolio, reviewers
):
    """Someone else's review answers as an id nobody has (404, the same body): its id cannot be
    probed (docs/security.md)."""
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=complete_portfolio.planned_set.application.candidate
    )
    assignment = submission.assignments.first()
    assigned = {a.reviewer for a in submission.assignments.all()}
    client.force_login(next(r for r in reviewers if r not in assigned))
    for pk in (assignment.pk, assignment.pk + 10_000):
        seen = client.get(f"/api/v1/reviews/{pk}")
        assert seen.status_code == 404
        rated = client.put(f"/api/v1/reviews/{pk}/ratings/CT-01", {"rating": "met"}, content_type=J)
        assert rated.status_code == 404
        done = client.post(f"/api/v1/reviews/{pk}/complete", {}, content_type=J)
        assert done.status_code == 404
    theirs, unknown = (client.get(f"/api/v1/reviews/{pk}") for pk in (assignment.pk, 0))
    assert theirs.json()["detail"] == unknown.json()["detail"]
    assert not assignment.ratings.exclude(rating="").exists()


def test_review_list_query_count_does_not_grow(client, complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=complete_portfolio.planned_set.application.candidate
    )
    reviewer = submission.assignments.first().reviewer
    client.force_login(reviewer)
    few = count_queries(lambda: client.get("/api/v1/reviews"))
    from tests.portfolios.conftest import _submission_for

    for _ in range(3):
        _submission_for(UserFactory(), reviewer)
    assert count_queries(lambda: client.get("/api/v1/reviews")) == few
