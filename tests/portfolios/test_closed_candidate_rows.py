"""The staff list of submitted portfolio versions names a candidate who closed their account by
the candidate number of the case, "Account closed (candidate LSSCP-C-…)", as the version's own
page is titled, never the closure's placeholder name; many closed accounts cost the queries of
one (`accounts.api.listed_name`, ADR 0016)."""

import pytest
from django.urls import reverse

from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.api import candidate_number
from tests.conftest import count_queries
from tests.factories import PASSWORD, UserFactory
from tests.portfolios.conftest import _submission_for

pytestmark = pytest.mark.django_db


def _closed_case(reviewer, capture) -> str:
    candidate = UserFactory()
    number = candidate_number(
        _submission_for(candidate, reviewer).submission.portfolio.planned_set.application
    )
    with capture(execute=True):
        account_close(user=candidate, password=PASSWORD)
    return number


def test_the_list_names_closed_candidates_by_their_case_number_in_the_same_queries(
    client, staff, reviewers, django_capture_on_commit_callbacks
):
    url = reverse("portfolios:staff_submissions")
    numbers = [_closed_case(reviewers[0], django_capture_on_commit_callbacks)]
    client.force_login(staff)
    few = count_queries(lambda: client.get(url))
    numbers += [_closed_case(reviewers[0], django_capture_on_commit_callbacks) for _ in range(3)]

    page = client.get(url).content.decode()

    assert count_queries(lambda: client.get(url)) == few
    for number in numbers:
        assert f"Account closed (candidate {number})" in page
    assert CLOSED_NAME not in page
