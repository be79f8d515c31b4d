"""A fund's tables (applications, awards, the report and its CSV, the committee's ranking, a
draw's pool) and the sponsor API's `applicant_name` name an applicant who closed their account
by their candidate number, "Account closed (candidate LSSCP-C-…)", never the closure's
placeholder name or address; the numbers are read once per page, so many closed accounts cost
the queries of one (`accounts.api.listed_name`, ADR 0016)."""

import pytest
from django.urls import reverse

from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.api import candidate_number
from certify.scholarships.services import application_award, draw_run
from tests.conftest import count_queries
from tests.factories import PASSWORD, FundFactory
from tests.scholarships.conftest import apply, closed, enroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(ssd, ssd_org, program):
    return FundFactory(
        sponsor=ssd, max_awards=20, budget_cents=400_000, required_organisations=[ssd_org]
    )


@pytest.fixture
def close(django_capture_on_commit_callbacks):
    def closing(person):
        with django_capture_on_commit_callbacks(execute=True):
            account_close(user=person, password=PASSWORD)

    return closing


def _grow(fund, make_member, committee, close) -> list[str]:
    """An awarded applicant and a waiting one, both closed since: their candidate numbers."""
    awarded, waiting = make_member(), make_member()
    numbers = [candidate_number(enroll(fund, person)) for person in (awarded, waiting)]
    application_award(application=apply(fund, awarded), actor=committee)
    apply(fund, waiting)
    close(awarded)
    close(waiting)
    return numbers


def _urls(fund):
    return [
        reverse("scholarships:fund", args=[fund.slug]) + "?status=",
        reverse("scholarships:report", args=[fund.slug]),
        reverse("scholarships:report", args=[fund.slug]) + "?format=csv",
        reverse("scholarships:scoring", args=[fund.slug]),
    ]


def _text(response) -> str:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode().replace("&#x27;", "'")


def test_every_table_names_closed_applicants_by_their_candidate_numbers(
    client, fund, make_member, committee, close
):
    awarded, waiting = _grow(fund, make_member, committee, close)
    client.force_login(committee)
    fund_page, report, csv, scoring = (_text(client.get(url)) for url in _urls(fund))

    for page, numbers in (
        (fund_page, (awarded, waiting)),  # the applications and the awards
        (report, (awarded,)),  # the awards
        (csv, (awarded, waiting)),
        (scoring, (waiting,)),  # the applications waiting
    ):
        for number in numbers:
            assert f"Account closed (candidate {number})" in page
        assert CLOSED_NAME not in page
        assert "closed.invalid" not in page


def test_the_tables_cost_the_same_queries_however_many_accounts_are_closed(
    client, fund, make_member, committee, close
):
    client.force_login(committee)
    _grow(fund, make_member, committee, close)
    few = [count_queries(lambda u=u: _text(client.get(u))) for u in _urls(fund)]
    for _ in range(3):
        _grow(fund, make_member, committee, close)
    assert [count_queries(lambda u=u: _text(client.get(u))) for u in _urls(fund)] == few


def test_the_api_names_them_as_the_pages_do_in_the_same_queries(
    client, fund, make_member, committee, close
):
    client.force_login(committee)
    url = f"/api/v1/sponsor/scholarships/funds/{fund.slug}/applications"
    numbers = _grow(fund, make_member, committee, close)
    few = count_queries(lambda: client.get(url))
    for _ in range(2):
        numbers += _grow(fund, make_member, committee, close)

    items = client.get(url).json()["items"]

    assert count_queries(lambda: client.get(url)) == few
    assert sorted((i["applicant_name"], i["applicant_email"]) for i in items) == sorted(
        (f"Account closed (candidate {number})", "") for number in numbers
    )


def test_a_draws_pool_names_closed_applicants_by_number_in_the_same_queries(
    client, ssd, ssd_org, make_member, committee, close, program
):
    def draw_of(n: int):
        fund = FundFactory(sponsor=ssd, method="draw", required_organisations=[ssd_org])
        people = [make_member() for _ in range(n)]
        numbers = [candidate_number(enroll(fund, person)) for person in people]
        for person in people:
            apply(fund, person)
        draw = draw_run(fund=closed(fund), actor=committee, places=1)
        for person in people:
            close(person)
        return draw, numbers

    client.force_login(committee)
    small, _ = draw_of(1)
    big, numbers = draw_of(4)
    page = _text(client.get(reverse("scholarships:draw", args=[big.pk])))

    assert count_queries(
        lambda: client.get(reverse("scholarships:draw", args=[small.pk]))
    ) == count_queries(lambda: client.get(reverse("scholarships:draw", args=[big.pk])))
    for number in numbers:
        assert f": Account closed (candidate {number})" in page
    assert CLOSED_NAME not in page
    assert "closed account" not in page
