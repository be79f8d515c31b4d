"""A fund's rules at their edges, through the services on the database (SQLite and PostgreSQL):
one cent under, at and over the money left, the share of an invoice an award pays, a fund's
settings against its budget, and the years of experience it asks for.

The other edges are tested beside their rule: the 18 months across a sponsor's funds
(test_eligibility.py: 17, 18 and 19 months, the day before; test_program_days.py: the last day
blocked and the first day free in the program's zone; test_awards.py across SSD funds), the
application window's first and last days (test_applications.py, test_program_days.py), a draw
only from the day after it closes (test_draws.py), the use-by day (test_awards.py), a class
payment dated on or after the enrollment (test_class_award_payable.py), and two committee
members awarding the last money or place at once (test_concurrency.py, PostgreSQL).
"""

import pytest

from certify.core.errors import DomainError
from certify.scholarships.models import Award
from certify.scholarships.services import (
    ApplicationRefusedError,
    ProblemsError,
    application_award,
    fund_save,
)
from tests.factories import FundFactory
from tests.scholarships.conftest import apply, fee_invoiced

AWARD = 20_000


def _class_fund(ssd, ssd_org, *, budget_cents: int, max_awards: int = 5):
    return FundFactory(
        sponsor=ssd,
        pays_enrollment=False,
        pays_class=True,
        budget_cents=budget_cents,
        award_cents=AWARD,
        max_awards=max_awards,
        required_organisations=[ssd_org],
    )


def _class_application(fund, person):
    return apply(fund, person, purpose="class", class_details="Cataloging basics")


def _class_award(fund, person, committee) -> Award:
    return application_award(application=_class_application(fund, person), actor=committee)


@pytest.mark.parametrize(
    ("left_cents", "awarded"), [(AWARD - 1, False), (AWARD, True), (AWARD + 1, True)]
)
def test_the_money_left_one_cent_under_at_and_over_one_award(
    ssd, ssd_org, make_member, committee, program, left_cents, awarded
):
    fund = _class_fund(ssd, ssd_org, budget_cents=AWARD + left_cents)
    waiting = _class_application(fund, make_member())  # applied while the money was there
    _class_award(fund, make_member(), committee)  # the first award: `left_cents` remain
    fund.refresh_from_db()
    assert fund.remaining_cents == left_cents
    if awarded:
        assert application_award(application=waiting, actor=committee).amount_cents == AWARD
        fund.refresh_from_db()
        assert (fund.remaining_cents, fund.awards_made) == (left_cents - AWARD, 2)
    else:
        with pytest.raises(DomainError, match=r"has \$199\.99 left .* not enough for an award"):
            application_award(application=waiting, actor=committee)
        fund.refresh_from_db()
        assert (fund.remaining_cents, fund.awards_made) == (AWARD - 1, 1)


@pytest.mark.parametrize(
    ("over_owed", "amount_is", "status"),
    [
        (-1, "award", Award.Status.COMMITTED),  # the invoice owes one cent more: a cent left
        (0, "owed", Award.Status.PAID),  # the award settles the invoice exactly
        (1, "owed", Award.Status.PAID),  # one cent more than owed: only what is owed
    ],
)
def test_an_award_one_cent_under_at_and_over_what_the_invoice_owes(
    ssd, ssd_org, member, committee, program, over_owed, amount_is, status
):
    invoice = fee_invoiced(FundFactory(sponsor=ssd), member)
    owed = invoice.balance_cents
    fund = FundFactory(
        sponsor=ssd,
        award_cents=owed + over_owed,
        budget_cents=5 * (owed + 1),
        required_organisations=[ssd_org],
    )
    award = application_award(application=apply(fund, member), actor=committee)
    assert award.amount_cents == (owed + over_owed if amount_is == "award" else owed)
    assert award.status == status
    invoice.refresh_from_db()
    assert invoice.balance_cents == owed - award.amount_cents
    fund.refresh_from_db()
    assert fund.remaining_cents == fund.budget_cents - award.amount_cents


@pytest.mark.parametrize(("years", "accepted"), [(1, False), (2, True), (3, True)])
def test_the_years_of_experience_one_under_at_and_over_the_funds_minimum(
    ssd, ssd_org, member, years, accepted
):
    fund = FundFactory(sponsor=ssd, min_years_experience=2, required_organisations=[ssd_org])
    if accepted:
        assert apply(fund, member, years_experience=years).years_experience == years
    else:
        with pytest.raises(ApplicationRefusedError) as refused:
            apply(fund, member, years_experience=years)
        assert refused.value.fields == {
            "years_experience": "This fund needs at least 2 years of library experience."
        }


@pytest.mark.parametrize(("budget_cents", "refused"), [(AWARD - 1, True), (AWARD, False)])
def test_a_budget_cut_to_one_cent_under_or_exactly_what_is_committed(
    ssd, ssd_org, ssd_admin, make_member, committee, program, budget_cents, refused
):
    fund = _class_fund(ssd, ssd_org, budget_cents=100_000)
    _class_award(fund, make_member(), committee)
    change = {"budget_cents": budget_cents, "max_awards": 1}
    if refused:
        with pytest.raises(ProblemsError) as problems:
            fund_save(sponsor=ssd, actor=ssd_admin, fund=fund, **change)
        assert problems.value.fields["budget"] == (
            "The budget cannot be less than the $200.00 already committed or paid."
        )
    else:
        assert fund_save(sponsor=ssd, actor=ssd_admin, fund=fund, **change).remaining_cents == 0


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"award_cents": 100_001, "max_awards": 1}, "award"),  # one cent over the budget
        ({"award_cents": 100_000, "max_awards": 1}, None),  # the whole budget in one award
        ({"budget_cents": 99_999}, "max_awards"),  # five awards of $200, one cent short
        ({"budget_cents": 100_000}, None),  # five awards of $200 exactly
    ],
)
def test_a_funds_awards_against_its_budget_at_the_cent(ssd, ssd_org, ssd_admin, change, problem):
    fund = _class_fund(ssd, ssd_org, budget_cents=100_000)  # five awards of $200
    if problem is None:
        saved = fund_save(sponsor=ssd, actor=ssd_admin, fund=fund, **change)
        assert saved.awards_left == saved.max_awards
        return
    with pytest.raises(ProblemsError) as refused:
        fund_save(sponsor=ssd, actor=ssd_admin, fund=fund, **change)
    assert set(refused.value.fields) == {problem}
    if problem == "max_awards":
        assert "allow at most 4" in refused.value.fields[problem]
