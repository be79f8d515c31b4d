"""The committee's pages and the sponsor's page of a scholarship application are titled by the
applicant's candidate number once they closed their account, never by the closure's
placeholder name ("Score Closed account's application"); an active applicant's by their name
(`accounts.api.case_title`, ADR 0016)."""

import html
import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.api import candidate_number
from certify.scholarships.models import SponsorMember
from tests.factories import PASSWORD, ApplicationFactory, UserFactory
from tests.scholarships.conftest import apply

pytestmark = pytest.mark.django_db


def _title_and_heading(page) -> tuple[str, str]:
    text = page.content.decode()
    title = html.unescape(re.search(r"<title>(.*?) · ", text, re.S).group(1)).strip()
    heading = re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
    return title, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", heading)).split())


@pytest.fixture
def case(client, ssd, enrollment_fund, member, django_capture_on_commit_callbacks):
    scorer = UserFactory(full_name="Maya Member", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=scorer, role=SponsorMember.Role.COMMITTEE)
    application = apply(enrollment_fund, member)
    number = candidate_number(ApplicationFactory(candidate=member, status="submitted"))
    client.force_login(scorer)
    return application, number


def test_a_closed_applicants_pages_are_titled_by_the_candidate_number(
    client, case, member, django_capture_on_commit_callbacks
):
    application, number = case
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=member, password=PASSWORD)
    fund = application.fund.name

    score = client.get(reverse("scholarships:score", args=[application.pk]))
    conflict = client.get(reverse("scholarships:conflict", args=[application.pk]))

    assert _title_and_heading(score) == (
        f"Score the application (account closed), candidate {number}, to the {fund}",
        f"Application (account closed), candidate {number} Waiting for a decision",
    )
    assert _title_and_heading(conflict)[1] == (
        "Declare a conflict of interest with the applicant "
        f"(application (account closed), candidate {number})"
    )
    assert "The applicant is not a confirmed SSD member." in score.content.decode()
    for page in (score, conflict):
        assert CLOSED_NAME not in page.content.decode()
        assert "closed.invalid" not in page.content.decode()


def test_an_active_applicants_pages_keep_the_name(client, case):
    application, _ = case
    score = client.get(reverse("scholarships:score", args=[application.pk]))
    assert _title_and_heading(score)[1] == "Ravi Patel's application Waiting for a decision"


def test_the_api_names_a_closed_applicant_as_the_page_does(
    client, case, member, django_capture_on_commit_callbacks
):
    application, number = case
    url = f"/api/v1/sponsor/scholarships/funds/{application.fund.slug}/applications"
    before = {row["id"]: row for row in client.get(url).json()["items"]}[application.pk]
    assert (before["applicant_name"], before["applicant_email"]) == ("Ravi Patel", member.email)
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=member, password=PASSWORD)

    after = {row["id"]: row for row in client.get(url).json()["items"]}[application.pk]

    assert (after["applicant_name"], after["applicant_email"]) == (
        f"Account closed (candidate {number})",
        "",
    )
