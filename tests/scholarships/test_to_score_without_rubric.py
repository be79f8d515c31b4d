"""A fund scored by its committee before its rubric is set: nothing on it can be scored
(`scorecard_save` refuses), so a member has 0 to score there, not every application waiting,
and is told what to do: ask the sponsor's administrators to set the rubric. The same in the
selector, on the funds and scoring pages and through the API (ADR 0050)."""

import re

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.scholarships.models import Fund
from certify.scholarships.selectors import application_list_for_fund, to_score_counts
from certify.scholarships.services import rubric_save, scorecard_save
from certify.scholarships.sponsor_home import NO_RUBRIC
from tests.scholarships.conftest import RUBRIC, apply
from tests.scholarships.test_to_score import FUNDS_API, _cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def unrubricked(ssd, enrollment_fund, ssd_admin, make_member, program):
    """The enrollment fund scores with a chair, two applications wait, and no rubric is set."""
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=ssd_admin)
    enrollment_fund.refresh_from_db()
    for name in ("Rosa", "Ben"):
        apply(enrollment_fund, make_member(full_name=name))
    assert not enrollment_fund.criteria.exists()
    return enrollment_fund


def test_nothing_is_to_score_before_the_rubric_and_all_of_it_after(
    unrubricked, committee, ssd_admin
):
    fund = unrubricked
    application = fund.applications.first()
    with pytest.raises(DomainError, match="no rubric yet"):  # the reason the count is 0
        scorecard_save(application=application, actor=committee, scores={})
    assert to_score_counts(member=committee, fund_ids=[fund.pk]) == {fund.pk: 0}
    listed = application_list_for_fund(fund=fund, member=committee, to_score=True)
    assert list(listed) == []
    rubric_save(fund=fund, actor=ssd_admin, criteria=RUBRIC)
    assert to_score_counts(member=committee, fund_ids=[fund.pk]) == {fund.pk: 2}
    assert application_list_for_fund(fund=fund, member=committee, to_score=True).count() == 2


def test_the_funds_page_says_zero_and_whom_to_ask(client, unrubricked, committee):
    client.force_login(committee)
    page = client.get(reverse("scholarships:dashboard")).text
    assert _cell(page, unrubricked).startswith("0")
    assert f'<span class="helptext">{NO_RUBRIC}</span>'.replace("'", "&#x27;") in page


def test_the_scoring_page_offers_no_score_link_and_says_why(client, unrubricked, committee):
    client.force_login(committee)
    url = reverse("scholarships:scoring", kwargs={"slug": unrubricked.slug})
    page = client.get(url).text
    assert "nothing is left for you to score: ask the sponsor" in page
    assert page.count("Not yet: no rubric") == 2
    assert not re.search(r'>Score<span class="visually-hidden">', page)
    assert "Nothing is left for you to score." in client.get(f"{url}?show=to-score").text


def test_the_api_says_zero_with_the_note_and_lists_none(client, unrubricked, committee, ssd_admin):
    client.force_login(committee)
    funds = {f["slug"]: f for f in client.get(FUNDS_API).json()["items"]}
    assert funds[unrubricked.slug]["to_score"] == 0
    assert funds[unrubricked.slug]["scoring_note"] == NO_RUBRIC
    url = f"{FUNDS_API}/{unrubricked.slug}/applications"
    assert client.get(url, {"to_score": "true"}).json()["items"] == []
    rubric_save(fund=unrubricked, actor=ssd_admin, criteria=RUBRIC)
    funds = {f["slug"]: f for f in client.get(FUNDS_API).json()["items"]}
    assert funds[unrubricked.slug]["to_score"] == 2
    assert funds[unrubricked.slug]["scoring_note"] == ""


def test_the_chair_who_decides_gets_no_note(client, unrubricked, ssd_admin):
    client.force_login(ssd_admin)
    funds = {f["slug"]: f for f in client.get(FUNDS_API).json()["items"]}
    assert funds[unrubricked.slug]["to_score"] is None
    assert funds[unrubricked.slug]["scoring_note"] == ""
