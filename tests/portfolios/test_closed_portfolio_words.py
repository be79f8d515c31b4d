"""A portfolio that no longer takes changes says why and what the candidate can do instead, in
the service's words (`NOT_EDITABLE`), the same on the page and through the API: while it is
reviewed, wait for the decision; once met, nothing more; once not met, appeal or another way."""

import html

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import Portfolio
from certify.portfolios.services.candidate import NOT_EDITABLE
from tests.portfolios.test_reviewer_access import _candidate
from tests.workflow import force_status

J = "application/json"
CLOSED = [Portfolio.Status.SUBMITTED, Portfolio.Status.PASSED, Portfolio.Status.FAILED]


@pytest.mark.database_free
def test_each_closed_status_says_what_to_do_instead():
    assert set(NOT_EDITABLE) == set(CLOSED)  # every status that refuses a change has its words
    assert "Wait for the reviewers' decision" in NOT_EDITABLE[Portfolio.Status.SUBMITTED]
    assert "more evidence" in NOT_EDITABLE[Portfolio.Status.SUBMITTED]
    assert "set is complete" in NOT_EDITABLE[Portfolio.Status.PASSED]
    assert "notice of appeal" in NOT_EDITABLE[Portfolio.Status.FAILED]
    assert "choose that way in your plan" in NOT_EDITABLE[Portfolio.Status.FAILED]
    for words in NOT_EDITABLE.values():
        assert "submitted version" not in words  # the old, vague refusal


@pytest.mark.parametrize("status", CLOSED)
def test_the_service_refuses_with_the_words_of_the_status(complete_portfolio, status):
    force_status(complete_portfolio, status)
    with pytest.raises(DomainError) as refused:
        services.learning_statement_save(
            portfolio=complete_portfolio, actor=_candidate(complete_portfolio), text="Later."
        )
    assert refused.value.message == NOT_EDITABLE[status]


def test_the_page_shows_the_words_beside_the_field(client, complete_portfolio):
    force_status(complete_portfolio, Portfolio.Status.SUBMITTED)
    client.force_login(_candidate(complete_portfolio))
    url = reverse("portfolios:statement", args=[complete_portfolio.planned_set_id])
    answer = client.post(url, {"learning_statement": "Later."})
    assert answer.status_code == 400
    assert NOT_EDITABLE[Portfolio.Status.SUBMITTED] in html.unescape(answer.text)


@pytest.mark.parametrize("status", CLOSED)
def test_the_api_answers_with_the_same_words(client, complete_portfolio, status):
    force_status(complete_portfolio, status)
    client.force_login(_candidate(complete_portfolio))
    url = f"/api/v1/portfolios/{complete_portfolio.planned_set_id}/statement"
    answer = client.put(url, {"text": "Later."}, content_type=J)
    assert answer.status_code == 400
    assert answer.json()["detail"] == NOT_EDITABLE[status]
    complete_portfolio.refresh_from_db()
    assert complete_portfolio.learning_statement != "Later."
