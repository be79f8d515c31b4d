"""The learning statement and a competency's response saved without JavaScript (the Save button)
from a page left open after the portfolio was submitted in another tab: the service refuses, and
the page comes back (400, not a redirect) with the text as typed in its field, the refusal beside
it and in the form's error summary, which the form's action names (ADR 0043). Nothing changes."""

import html
import re

import pytest
from django.urls import reverse

from certify.portfolios import services
from certify.portfolios.models import Portfolio
from tests.portfolios.test_reviewer_access import _candidate

REFUSED = "Wait for the reviewers' decision"
TYPED = "I learned to ask <why> & to listen\nbefore answering."


@pytest.fixture
def left_open(complete_portfolio, reviewers, client):
    """The candidate's page was open while the portfolio was submitted elsewhere."""
    candidate = _candidate(complete_portfolio)
    services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    client.force_login(candidate)
    return complete_portfolio


def _textarea(page, field_id):
    found = re.search(rf'<textarea id="{field_id}"([^>]*)>(.*?)</textarea>', page, re.S)
    assert found, field_id
    return found.group(1), html.unescape(found.group(2))


def _refused_beside_and_summarized(page, field_id):
    attributes, _ = _textarea(page, field_id)
    assert 'aria-invalid="true"' in attributes
    assert f"{field_id}-error" in attributes  # described by the words beside it
    beside = re.search(rf'<span class="error-message" id="{field_id}-error">([^<]*)</span>', page)
    assert beside
    assert REFUSED in html.unescape(beside.group(1))
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', page, re.S)
    assert summary
    assert f'href="#{field_id}"' in summary.group(1)


def test_a_refused_learning_statement_comes_back_as_typed(client, left_open):
    stored = left_open.learning_statement
    url = reverse("portfolios:statement", args=[left_open.planned_set_id])
    answer = client.post(url, {"learning_statement": TYPED})
    assert answer.status_code == 400
    page = answer.text
    assert _textarea(page, "learning_statement")[1] == TYPED
    _refused_beside_and_summarized(page, "learning_statement")
    assert f'action="{url}#statement-errors"' in page
    assert 'id="statement-errors"' in page
    assert Portfolio.objects.get(pk=left_open.pk).learning_statement == stored


def test_a_refused_response_comes_back_as_typed_on_its_competency_page(client, left_open):
    response = left_open.responses.order_by("competency__code").last()
    stored = response.narrative
    url = reverse("portfolios:response", args=[left_open.planned_set_id, response.pk])
    answer = client.post(url, {"narrative": TYPED})
    assert answer.status_code == 400
    page = answer.text
    field_id = f"narrative-{response.pk}"
    assert _textarea(page, field_id)[1] == TYPED
    _refused_beside_and_summarized(page, field_id)
    assert f'action="{url}#{field_id}-errors"' in page
    assert f'id="{field_id}-errors"' in page
    # the page of that competency, not the first one
    assert f'<h1 id="h-{response.competency.code}">' in page
    response.refresh_from_db()
    assert response.narrative == stored


def test_a_save_that_is_accepted_still_redirects(client, complete_portfolio):
    client.force_login(_candidate(complete_portfolio))
    url = reverse("portfolios:statement", args=[complete_portfolio.planned_set_id])
    answer = client.post(url, {"learning_statement": TYPED})
    assert answer.status_code == 302
    # Back at the statement: not the form's `#statement-errors`, which a browser would keep
    # across a redirect without a fragment of its own.
    page = reverse("portfolios:portfolio", args=[complete_portfolio.planned_set_id])
    assert answer.url == f"{page}#statement-title"
    assert 'id="statement-title"' in client.get(answer.url).text
    complete_portfolio.refresh_from_db()
    assert complete_portfolio.learning_statement == TYPED
