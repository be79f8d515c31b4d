"""An ended appeal's staff page is titled in staff's words with the candidate's number, not the
closed account's placeholder name ("Appeal by Closed account"): "Appeal (ended: account
closed), candidate LSSCP-C-…" or "(ended: account deactivated)"; an open one keeps its
appellant's name (ADR 0006)."""

import re

from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.privacy import account_close
from certify.accounts.services import account_deactivate
from certify.appeals.ended import deactivated_appeals_end
from certify.appeals.models import Appeal
from certify.courses.api import candidate_number
from tests.appeals.test_appeals import _notice, rejected  # noqa: F401  (`rejected`: a fixture)
from tests.factories import PASSWORD, UserFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    _clean_private_storage,
    complete_portfolio,
    enrolled,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_deactivated_account import appealed  # noqa: F401
from tests.portfolios.test_reviewer_access import first  # noqa: F401


def _title_and_heading(client, appeal: Appeal) -> tuple[str, str]:
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    page = client.get(reverse("appeals:review", args=[appeal.pk]))
    assert page.status_code == 200
    title = re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1)
    return " ".join(title.split()), heading.strip()


def test_an_appeal_ended_by_the_closure_is_titled_with_the_candidate_number(
    rejected,  # noqa: F811
    client,
):
    appeal = _notice(rejected)
    number = candidate_number(rejected)
    account_close(user=rejected.candidate, password=PASSWORD)
    title, heading = _title_and_heading(client, appeal)
    assert heading == f"Appeal (ended: account closed), candidate {number}"
    assert title.startswith(heading)
    assert "Closed account" not in title + heading


def test_an_appeal_ended_by_a_deactivation_says_so(rejected, client):  # noqa: F811
    appeal = _notice(rejected)
    account_deactivate(user=rejected.candidate, actor=None)
    deactivated_appeals_end(appellant_id=rejected.candidate_id)
    _, heading = _title_and_heading(client, appeal)
    assert heading == f"Appeal (ended: account deactivated), candidate {candidate_number(rejected)}"


def test_a_portfolio_appeal_ended_by_the_closure_names_the_candidate_number(
    appealed,  # noqa: F811
    client,
):
    appeal, second = appealed
    application = second.portfolio.planned_set.application
    account_close(user=User.objects.get(pk=application.candidate_id), password=PASSWORD)
    _, heading = _title_and_heading(client, appeal)
    assert heading == f"Appeal (ended: account closed), candidate {candidate_number(application)}"


def test_an_open_appeal_keeps_its_appellants_name(rejected, client):  # noqa: F811
    appeal = _notice(rejected)
    _, heading = _title_and_heading(client, appeal)
    assert heading == f"Appeal by {rejected.candidate.full_name}"
