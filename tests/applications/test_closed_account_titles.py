"""Staff pages of a person's case are titled in staff's words once the person closed their
account, with the candidate number staff find them by, never the closure's placeholder name
("Application of Closed account") or address: the application's, the portfolio version's and
the plan's (`accounts.api.case_title`, as an ended appeal's title). A deactivated account keeps
its name and says it is not active; an active one reads as before."""

import html
import re

import pytest
from django.urls import reverse

from certify.accounts.api import case_person, case_title
from certify.accounts.models import Role
from certify.accounts.privacy import account_close
from certify.accounts.services import account_deactivate
from certify.courses.api import candidate_number
from tests.factories import PASSWORD, UserFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    complete_portfolio,
    enrolled,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

NAME = "Dana Okafor"


def _title_and_heading(page) -> tuple[str, str]:
    text = page.content.decode()
    title = html.unescape(re.search(r"<title>(.*?) · ", text, re.S).group(1)).strip()
    heading = re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
    heading = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", heading)).split())
    return title, heading


def _pages(client, submission) -> dict[str, tuple[str, str, str]]:
    """Each staff page's title, heading and text."""
    application = submission.portfolio.planned_set.application
    urls = {
        "Application": reverse("applications:staff_detail", args=[application.pk]),
        "Review": reverse("portfolios:staff_submission", args=[submission.pk]),
        "Plan": reverse("progress:staff_plan", args=[application.pk]),
    }
    seen = {}
    for noun, url in urls.items():
        page = client.get(url)
        assert page.status_code == 200, noun
        seen[noun] = (*_title_and_heading(page), html.unescape(page.content.decode()))
    return seen


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    client.force_login(staff)
    return client, staff


def test_a_closed_accounts_case_is_titled_by_its_candidate_number(
    staff_client,
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client, _ = staff_client
    application = submitted.portfolio.planned_set.application
    candidate = application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=candidate, password=PASSWORD)
    number = candidate_number(application)
    for noun, (title, heading, text) in _pages(client, submitted).items():
        assert title == f"{noun} (account closed), candidate {number}"
        assert "Closed account" not in title + heading
        assert "closed.invalid" not in text
        assert NAME not in text
        if noun == "Review":
            set_name = submitted.portfolio.planned_set.competency_set.name
            assert heading == f"{set_name}: account closed, candidate {number}"
        else:
            assert heading.startswith(title)


def test_a_deactivated_accounts_case_keeps_its_name_and_says_so(
    staff_client,
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client, staff = staff_client
    candidate = submitted.portfolio.planned_set.application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=candidate, actor=staff, reason="A duplicate.")
    for noun, (title, heading, _) in _pages(client, submitted).items():
        assert title == f"{noun} of {NAME} (account deactivated)"
        assert f"{NAME} (account deactivated)" in heading


def test_an_active_accounts_case_reads_as_before(staff_client, submitted):  # noqa: F811
    client, _ = staff_client
    for noun, (title, heading, _) in _pages(client, submitted).items():
        assert title == f"{noun} of {NAME}"
        assert NAME in heading


@pytest.mark.database_free
def test_the_words_without_a_candidate_number():
    closed = UserFactory.build(
        full_name="Closed account", email="closed-7@closed.invalid", is_active=False
    )
    assert case_title("Application", closed) == "Application (account closed)"
    assert case_person(closed) == "account closed"
    inactive = UserFactory.build(full_name=NAME, email="dana@example.org", is_active=False)
    assert case_title("Plan", inactive) == f"Plan of {NAME} (account deactivated)"
