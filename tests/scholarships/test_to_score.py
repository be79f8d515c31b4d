"""A committee member's "To score" is her own work left (ADR 0050): the applications waiting
that she has not scored and is not left out of, not every application waiting on the fund. The
funds page's count links to that list on the scoring page; the API's fund list says the same
(`to_score`) and its applications list takes `to_score=true`. An application counts as scored
once her scorecard is saved (every criterion; there are no draft scores). One query for every
fund, however many applications, members and scores."""

import re

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare
from certify.scholarships.models import Fund, Purpose, RubricCriterion
from certify.scholarships.selectors import to_score_counts
from certify.scholarships.services import rubric_save
from tests.conftest import count_queries
from tests.factories import MembershipFactory
from tests.scholarships.conftest import RUBRIC, apply, score, sponsor_member_make

pytestmark = pytest.mark.django_db
FUNDS_API = "/api/v1/sponsor/scholarships/funds"


@pytest.fixture
def scoring(ssd, enrollment_fund, ce_fund, ssd_admin):
    """Both SSD funds score with a chair (the administrator), each on the committee's rubric."""
    Fund.objects.filter(sponsor=ssd).update(chair=ssd_admin)
    for fund in (enrollment_fund, ce_fund):
        fund.refresh_from_db()
        rubric_save(fund=fund, actor=ssd_admin, criteria=RUBRIC)
    return enrollment_fund


def _cell(page: str, fund: Fund) -> str:
    """The text of the fund's "To score" cell on the funds page, tags removed."""
    row = re.search(rf'href="{re.escape(fund.get_absolute_url())}".*?</tr>', page, re.S)
    assert row is not None
    cell = re.findall(r'<td data-label="(?:To score|Waiting)" class="num">(.*?)</td>', row[0])
    return re.sub(r"<[^>]+>", "", cell[-1]).split(" left for you")[0].strip()


def test_to_score_counts_only_what_she_has_not_scored_nor_is_left_out_of(
    client, scoring, committee, ssd, make_member, program
):
    fund = scoring
    rosa, ben, mei, ana = (make_member(full_name=n) for n in ("Rosa", "Ben", "Mei", "Ana"))
    rosa_app, ben_app, _, _ = (apply(fund, p) for p in (rosa, ben, mei, ana))
    other = sponsor_member_make(ssd, "committee", "Omar Other")
    score(rosa_app, committee, 5, 5)  # scored: her saved card
    score(ben_app, other, 7, 7)  # another member's card is not hers
    conflict_declare(actor=committee, reason="My neighbor", person_email=mei.email)

    assert to_score_counts(member=committee, fund_ids=[fund.pk]) == {fund.pk: 2}  # Ben, Ana
    assert to_score_counts(member=other, fund_ids=[fund.pk]) == {fund.pk: 3}

    client.force_login(committee)
    page = client.get(reverse("scholarships:dashboard")).text
    assert _cell(page, fund) == "2"  # four wait; two are hers to score
    link = reverse("scholarships:scoring", kwargs={"slug": fund.slug}) + "?show=to-score"
    assert f'<a href="{link}">2<span class="visually-hidden"> left for you to score' in page

    listed = client.get(link).text  # the list it links to: the same two
    assert "2 left for you to score</caption>" in listed
    names = re.findall(r'/score/">([^<]+)</a></td>', listed)
    assert names == ["Ben", "Ana"]
    assert "Show all 4 waiting" in listed
    everything = client.get(link.split("?")[0]).text
    assert "4 applications waiting</caption>" in everything
    assert "2 left for you to score." in everything
    assert "counts as scored by you once you have saved points for every criterion" in everything


def test_a_member_whose_own_application_waits_has_nothing_to_score_there(
    client, scoring, committee, ssd_org, make_member, program
):
    fund = scoring
    apply(fund, make_member(full_name="Rosa"))
    MembershipFactory(user=committee, organisation=ssd_org)
    apply(fund, committee)  # hers competes with the others: she is left out of them all
    assert to_score_counts(member=committee, fund_ids=[fund.pk]) == {fund.pk: 0}
    client.force_login(committee)
    page = client.get(reverse("scholarships:dashboard")).text
    assert _cell(page, fund) == "0"
    url = reverse("scholarships:scoring", kwargs={"slug": fund.slug})
    assert "Nothing is left for you to score." in client.get(f"{url}?show=to-score").text


def test_the_chair_and_staff_keep_every_application_waiting(
    client, scoring, ssd_admin, make_member, program
):
    apply(scoring, make_member(full_name="Rosa"))
    client.force_login(ssd_admin)
    page = client.get(reverse("scholarships:dashboard")).text
    assert 'data-label="To decide" class="num">1</td>' in page  # the chair decides them all
    funds = {f["slug"]: f for f in client.get(FUNDS_API).json()["items"]}
    assert funds[scoring.slug]["to_score"] is None
    assert funds[scoring.slug]["waiting"] == 1


def test_the_api_says_the_same_count_and_lists_the_same_applications(
    client, scoring, committee, make_member, program
):
    fund = scoring
    rosa_app, ben_app = (apply(fund, make_member(full_name=n)) for n in ("Rosa", "Ben"))
    score(rosa_app, committee, 4, 6)
    client.force_login(committee)
    funds = {f["slug"]: f for f in client.get(FUNDS_API).json()["items"]}
    assert funds[fund.slug]["to_score"] == 1
    assert funds[fund.slug]["waiting"] == 2
    url = f"{FUNDS_API}/{fund.slug}/applications"
    left = client.get(url, {"to_score": "true"}).json()["items"]
    assert [a["id"] for a in left] == [ben_app.pk]
    assert len(client.get(url).json()["items"]) == 2  # without it: every application


def test_the_count_is_one_query_however_much_there_is(
    client, scoring, ce_fund, committee, ssd, make_member, program
):
    fund = scoring
    apply(fund, make_member(full_name="First"))
    ids = [fund.pk, ce_fund.pk]
    few = count_queries(lambda: to_score_counts(member=committee, fund_ids=ids))
    page = reverse("scholarships:dashboard")
    client.force_login(committee)
    page_few = count_queries(lambda: client.get(page))
    api_few = count_queries(lambda: client.get(FUNDS_API))

    others = [sponsor_member_make(ssd, "committee", f"Member {i}") for i in range(3)]
    for i in range(6):
        to = fund if i % 2 else ce_fund
        extra = {} if i % 2 else {"purpose": Purpose.ENROLLMENT}
        application = apply(to, make_member(full_name=f"Person {i}"), **extra)
        for member in others[: i % 3 + 1]:
            score(application, member, 3, 3)
        if i % 3 == 0:
            score(application, committee, 2, 2)
    assert RubricCriterion.objects.filter(fund=ce_fund).count() == 2
    assert few == 1
    assert count_queries(lambda: to_score_counts(member=committee, fund_ids=ids)) == few
    assert count_queries(lambda: client.get(page)) == page_few
    assert count_queries(lambda: client.get(FUNDS_API)) == api_few
    assert to_score_counts(member=committee, fund_ids=ids) == {fund.pk: 3, ce_fund.pk: 2}
