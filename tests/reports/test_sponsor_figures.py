"""Each figure of the sponsor's dashboard against hand-built rows: the numbers a person would
count, for the funds the sponsor runs and no others."""

from datetime import date

from certify.core.money import Money
from certify.reports.dashboards import sponsor_funds
from certify.reports.filters import Filters, Period
from certify.reports.selectors import sponsors
from certify.scholarships.models import Fund
from tests.factories import FundFactory, SponsorMemberFactory
from tests.reports.conftest import award, scholarship_application

YEAR_2025 = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def _funds(db_program):
    member = SponsorMemberFactory()
    first = FundFactory(
        sponsor=member.sponsor,
        name="A first fund",
        program=db_program,
        budget_cents=100_000,
        committed_cents=20_000,
        paid_cents=40_000,
    )
    second = FundFactory(
        sponsor=member.sponsor, name="B second fund", program=db_program, budget_cents=50_000
    )
    FundFactory(name="Not theirs", program=db_program)
    return member.user, first, second


def test_fund_money_is_budget_committed_paid_and_what_remains(program):
    user, _first, _second = _funds(program)

    figure = sponsors.fund_money(filters=YEAR_2025, funds=sponsor_funds(user))

    # Remaining = budget - committed - paid: 1,000 - 200 - 400 = 400; 500 - 0 - 0 = 500.
    assert figure.rows == [
        ["A first fund", "USD", usd(100_000), usd(20_000), usd(40_000), usd(40_000)],
        ["B second fund", "USD", usd(50_000), usd(0), usd(0), usd(50_000)],
    ]


def test_awards_over_time_count_and_sum_each_month_with_empty_months(program):
    user, first, second = _funds(program)
    for fund, day, cents in [
        (first, date(2025, 1, 20), 20_000),
        (second, date(2025, 1, 31), 17_500),
        (first, date(2025, 3, 1), 20_000),
        (first, date(2024, 12, 31), 20_000),  # before the range
    ]:
        award(scholarship_application(fund, submitted=day, status="awarded"), on=day, cents=cents)

    filters = Filters(start=date(2025, 1, 1), end=date(2025, 4, 30))
    figure = sponsors.awards_over_time(filters=filters, funds=sponsor_funds(user))

    assert figure.rows == [
        ["Jan 2025", "USD", 2, usd(37_500)],
        ["Feb 2025", "USD", 0, usd(0)],
        ["Mar 2025", "USD", 1, usd(20_000)],
        ["Apr 2025", "USD", 0, usd(0)],
    ]
    assert figure.is_count  # the charted series is the number of awards
    yearly = Filters(start=date(2024, 1, 1), end=date(2025, 12, 31), period=Period.YEAR)
    assert sponsors.awards_over_time(filters=yearly, funds=sponsor_funds(user)).rows == [
        ["2024", "USD", 1, usd(20_000)],
        ["2025", "USD", 3, usd(57_500)],
    ]


def test_applicants_and_awards_per_fund_by_where_each_application_stands(program):
    user, first, second = _funds(program)
    for status in ["awarded", "awarded", "declined", "submitted"]:
        scholarship_application(first, submitted=date(2025, 5, 1), status=status)
    scholarship_application(first, submitted=date(2024, 5, 1), status="awarded")  # before
    scholarship_application(second, submitted=date(2025, 6, 1), status="submitted")

    figure = sponsors.applicants_vs_awarded(filters=YEAR_2025, funds=sponsor_funds(user))

    #                          applied, awarded, not awarded, waiting
    assert figure.rows == [["A first fund", 4, 2, 1, 1], ["B second fund", 1, 0, 0, 1]]


def test_applicants_per_state_count_applications_and_awards(program):
    user, first, second = _funds(program)
    scholarship_application(first, submitted=date(2025, 2, 1), state="OH", status="awarded")
    scholarship_application(second, submitted=date(2025, 2, 1), state="OH")
    scholarship_application(first, submitted=date(2025, 2, 1), state="TX")
    scholarship_application(first, submitted=date(2025, 2, 1))  # no state given
    other = Fund.objects.get(name="Not theirs")
    scholarship_application(other, submitted=date(2025, 2, 1), state="OH")  # another sponsor's

    figure = sponsors.per_state(filters=YEAR_2025, funds=sponsor_funds(user))

    assert figure.rows == [["Not given", 1, 0], ["OH", 2, 1], ["TX", 1, 0]]


def test_awards_over_time_with_none_are_zero_in_the_funds_currency(program):
    """Not in dollars: a fund made in euros shows its empty months in euros."""
    user, first, second = _funds(program)
    Fund.objects.filter(pk__in=[first.pk, second.pk]).update(currency="EUR")
    filters = Filters(start=date(2025, 1, 1), end=date(2025, 2, 28))
    figure = sponsors.awards_over_time(filters=filters, funds=sponsor_funds(user))
    assert figure.rows == [
        ["Jan 2025", "EUR", 0, Money(0, "EUR")],
        ["Feb 2025", "EUR", 0, Money(0, "EUR")],
    ]
