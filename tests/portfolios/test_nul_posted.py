"""A NUL posted past any form (a reviewer's comment goes to the service as typed) is a 400 page
and nothing is saved: PostgreSQL refused it and the page was a server error
(`certify/core/nul.py`)."""

import pytest

from certify.portfolios import services

pytestmark = pytest.mark.postgres_only


def test_a_nul_in_a_reviewers_comment_is_a_400_and_nothing_is_saved(
    client, complete_portfolio, reviewers
):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=complete_portfolio.planned_set.application.candidate
    )
    assignment = submission.assignments.first()
    rating = assignment.ratings.first()
    before = (rating.rating, rating.comment)
    client.force_login(assignment.reviewer)
    response = client.post(
        f"/review/{assignment.pk}/ratings/{rating.competency_id}/",
        {"rating": "partial", "comment": "Add\x00 an example."},
    )
    assert response.status_code == 400
    assert "We could not read that request" in response.text
    rating.refresh_from_db()
    assert (rating.rating, rating.comment) == before
