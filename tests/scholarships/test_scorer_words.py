"""A committee member who scores while the fund's chair awards reads words for what she does:
"To score" on the funds page (not "To decide"), and her role on the account page as
"Scholarship committee member of <sponsor>" (not the account role "Scholarship sponsor"). Words
only: who may score, decide or confirm is unchanged."""

import re

from django.urls import reverse

from certify.scholarships.models import Fund
from certify.scholarships.services import rubric_save
from tests.scholarships.conftest import RUBRIC, apply


def _rubric_set(fund, admin) -> None:
    """A rubric, without which nothing on the fund is to score (0, `NO_RUBRIC`)."""
    fund.refresh_from_db()
    rubric_save(fund=fund, actor=admin, criteria=RUBRIC)


def _waiting_column(page: str) -> str:
    headings = re.findall(r'<th scope="col" class="num">([^<]*)</th>', page)
    return headings[-1]


def test_a_scorer_reads_to_score_and_the_chair_to_decide(
    client, ssd, committee, ssd_admin, enrollment_fund, member
):
    Fund.objects.filter(sponsor=ssd).update(chair=ssd_admin)
    _rubric_set(enrollment_fund, ssd_admin)
    apply(enrollment_fund, member)
    url = reverse("scholarships:dashboard")
    client.force_login(committee)
    page = client.get(url).text
    assert _waiting_column(page) == "To score"
    assert 'data-label="To score" class="num"><a href="' in page  # her own work left
    assert '?show=to-score">1<span class="visually-hidden"> left for you to score' in page
    client.force_login(ssd_admin)
    page = client.get(url).text
    assert _waiting_column(page) == "To decide"
    assert 'data-label="To decide" class="num">1</td>' in page
    # Who may do what is as it was: she scores, the chair confirms.
    enrollment_fund.refresh_from_db()
    assert committee.has_perm("scholarships.score", enrollment_fund)
    assert not committee.has_perm("scholarships.confirm_awards", enrollment_fund)
    assert ssd_admin.has_perm("scholarships.confirm_awards", enrollment_fund)


def test_where_she_scores_one_fund_and_decides_another_each_cell_says_which(
    client, ssd, committee, ssd_admin, enrollment_fund, ce_fund, member
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=ssd_admin)
    _rubric_set(enrollment_fund, ssd_admin)
    apply(enrollment_fund, member)
    client.force_login(committee)
    page = client.get(reverse("scholarships:dashboard")).text
    assert _waiting_column(page) == "Waiting"
    assert '?show=to-score">1 to score<span class="visually-hidden">' in page
    assert 'data-label="Waiting" class="num">0 to decide</td>' in page  # no chair: she decides


def test_her_role_on_the_account_page_names_the_committee_and_the_sponsor(
    client, ssd, committee, ssd_admin
):
    Fund.objects.filter(sponsor=ssd).update(chair=ssd_admin)
    url = reverse("accounts:home")
    client.force_login(committee)
    page = client.get(url).text
    assert f'<span class="tag">Scholarship committee member of {ssd.name}</span>' in page
    assert '<span class="tag">Scholarship sponsor</span>' not in page
    assert "your funds and the applications to score</a>" in page
    client.force_login(ssd_admin)
    page = client.get(url).text
    assert f'<span class="tag">Scholarship administrator of {ssd.name}</span>' in page
    assert "your funds and the applications to decide</a>" in page
