"""Scholarships' refusals and figures write each amount with its cents, as the pages do
("$1,000.00", `Money.with_cents()`, ADR 0005): a sponsor reading "$1,000 of its $1,000 budget"
beside a fund page saying "$1,000.00" wondered whether they were one amount."""

from datetime import date

import pytest

from certify.programs.api import money_text
from certify.scholarships.cost_help import fund_figures
from certify.scholarships.models import Fund
from certify.scholarships.services.award_rules import capacity_problem
from certify.scholarships.services.funds import _fund_problems
from tests.money_words import short_amounts


def _fund(**fields) -> Fund:
    values = {
        "name": "SSD Fund",
        "currency": "USD",
        "budget_cents": 100_000,
        "award_cents": 20_000,
        "max_awards": 5,
        "pays_enrollment": True,
        "opens_on": date(2026, 1, 1),
        "cooldown_months": 0,
        **fields,
    }
    return Fund(**values)


@pytest.mark.database_free
def test_a_fund_that_made_all_its_awards_says_its_budget_with_cents():
    fund = _fund(committed_cents=60_000, paid_cents=40_000, awards_made=5)
    assert capacity_problem(fund) == (
        "The SSD Fund has made all 5 of its awards ($1,000.00 of its $1,000.00 budget is "
        "committed or paid): nothing is left to award."
    )


@pytest.mark.database_free
def test_a_fund_short_of_money_says_what_is_left_to_the_cent():
    fund = _fund(budget_cents=50_000, committed_cents=30_001, awards_made=1, award_cents=20_000)
    assert capacity_problem(fund) == (
        "The SSD Fund has $199.99 left of its $500.00 budget, not enough for an award of $200.00."
    )


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"budget_cents": 10_000, "committed_cents": 20_000, "award_cents": 5_000},
            "budget",
            "The budget cannot be less than the $200.00 already committed or paid.",
        ),
        (
            {"award_cents": 100_001, "max_awards": 1},
            "award",
            "One award cannot be more than the budget ($1,000.00).",
        ),
        (
            {"max_awards": 6},
            "max_awards",
            "6 awards of $200.00 need $1,200.00, more than the budget ($1,000.00): allow at "
            "most 5, or raise the budget.",
        ),
    ],
)
def test_a_funds_settings_are_refused_with_amounts_in_cents(fields, field, words):
    problems = _fund_problems(_fund(**fields))
    assert problems[field] == words
    assert short_amounts(" ".join(problems.values())) == []


@pytest.mark.database_free
def test_the_costs_page_states_a_funds_figures_and_the_fees_with_cents():
    assert fund_figures(_fund()) == (
        "$1,000.00 in all: five awards of $200.00 toward the enrollment fee."
    )
    assert fund_figures(_fund(currency="CAD", budget_cents=60_050, max_awards=2)).startswith(
        "CA$600.50 in all: two awards of CA$200.00"
    )
    assert money_text(35_000, "USD") == "$350.00"
    assert money_text(100_000, "EUR") == "€1,000.00"
    assert money_text(-2_500, "USD") == "-$25.00"
