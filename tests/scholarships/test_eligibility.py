"""The rules that are dates and lists, at their edges (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.scholarships.eligibility import (
    Person,
    Requirement,
    Terms,
    add_months,
    award_amount,
    awards_left,
    capacity_limit,
    cooldown_ends,
    criteria_problems,
    in_cooldown,
    reasons_not_eligible,
)

AWARDED = date(2025, 6, 10)
SSD = Terms(
    sponsor="SSD",
    opens_on=date(2025, 1, 1),
    required=(Requirement("SSD", "joining SSD is free"),),
    cooldown_months=18,
)
MEMBER = Person(confirmed=frozenset({"SSD"}))


def test_an_award_on_10_june_2025_blocks_until_9_december_2026_inclusive():
    assert cooldown_ends(awarded_on=AWARDED, months=18) == date(2026, 12, 10)
    assert in_cooldown(last_award_on=AWARDED, months=18, on=date(2026, 12, 9))
    assert not in_cooldown(last_award_on=AWARDED, months=18, on=date(2026, 12, 10))


@pytest.mark.parametrize(
    ("months_later", "blocked"), [(17, True), (18, False), (19, False), (1, True), (0, True)]
)
def test_the_cooldown_at_17_18_and_19_months(months_later, blocked):
    on = add_months(AWARDED, months_later)
    assert in_cooldown(last_award_on=AWARDED, months=18, on=on) is blocked


def test_no_cooldown_without_an_award_or_with_zero_months():
    assert not in_cooldown(last_award_on=None, months=18, on=AWARDED)
    assert not in_cooldown(last_award_on=AWARDED, months=0, on=AWARDED)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 31), 18, date(2027, 2, 28)),  # February is shorter: its last day
        (date(2026, 8, 31), 18, date(2028, 2, 29)),  # a leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 6, 10), 12, date(2026, 6, 10)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 60))
def test_the_cooldown_ends_later_and_never_more_than_a_month_of_days_off(day, months):
    end = add_months(day, months)
    assert end > day
    assert (end.year - day.year) * 12 + end.month - day.month == months
    assert end.day <= day.day


def test_a_non_member_is_told_in_words_that_joining_is_free():
    reasons = reasons_not_eligible(terms=SSD, person=Person(), on=date(2026, 1, 5))
    assert reasons == ["Only SSD members can apply; joining SSD is free."]


def test_a_member_without_a_recent_award_is_eligible():
    assert reasons_not_eligible(terms=SSD, person=MEMBER, on=date(2026, 1, 5)) == []


def test_the_cooldown_reason_says_when_another_award_is_possible():
    person = Person(confirmed=frozenset({"SSD"}), last_award_on=AWARDED)
    reasons = reasons_not_eligible(terms=SSD, person=person, on=date(2026, 11, 10))
    assert reasons == [
        "You received a scholarship award from SSD on June 10, 2025, and SSD makes one award "
        "per person in any 18 months: you can receive another from December 10, 2026."
    ]
    committee = reasons_not_eligible(
        terms=SSD, person=person, on=date(2026, 11, 10), name="Ravi Patel"
    )
    assert committee[0].startswith(
        "Ravi Patel received a scholarship award from SSD on June 10, 2025"
    )


@pytest.mark.database_free
def test_one_left_out_of_a_draw_reads_the_cooldown_addressed_to_them():
    """The committee's wording names the applicant; the applicant reads the same rule as "you"."""
    person = Person(confirmed=frozenset({"SSD"}), last_award_on=AWARDED)
    told = reasons_not_eligible(
        terms=SSD, person=person, on=date(2026, 11, 10), outcome="you were not in this draw"
    )
    assert told == [
        "You received an SSD scholarship award on June 10, 2025; SSD gives one award per person "
        "in any 18 months, so you were not in this draw."
    ]
    lapsed = reasons_not_eligible(
        terms=SSD, person=Person(), on=date(2026, 1, 5), outcome="you were not in this draw"
    )
    assert lapsed == [
        "Only SSD members can receive it and you are not a confirmed SSD member, so you were not "
        "in this draw."
    ]


def test_the_window_and_the_awards_left():
    terms = Terms(
        sponsor="SSD", opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 30), awards_left=0
    )
    assert reasons_not_eligible(terms=terms, person=MEMBER, on=date(2026, 2, 28)) == [
        "Applications open on March 1, 2026.",
        "All of this fund's awards have been made.",
    ]
    assert reasons_not_eligible(terms=terms, person=MEMBER, on=date(2026, 5, 1))[0] == (
        "Applications closed on April 30, 2026."
    )
    open_terms = Terms(sponsor="SSD", opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 30))
    for day in (date(2026, 3, 1), date(2026, 4, 30)):  # both ends of the window count
        assert reasons_not_eligible(terms=open_terms, person=MEMBER, on=day) == []
    assert (
        reasons_not_eligible(terms=terms, person=MEMBER, on=date(2026, 5, 1), check_window=False)
        == []
    )


def test_an_enrollment_only_fund_is_not_for_someone_who_already_paid():
    terms = Terms(sponsor="SSD", opens_on=date(2026, 1, 1), enrollment_only=True, program="LSSCP")
    reasons = reasons_not_eligible(
        terms=terms, person=Person(fee_settled=True), on=date(2026, 2, 1)
    )
    assert reasons == [
        "Your LSSCP enrollment fee is already paid, and this fund pays only toward the "
        "enrollment fee."
    ]


def test_optional_criteria_state_and_years():
    terms = Terms(sponsor="SSD", opens_on=date(2026, 1, 1), states=("OK", "TX"), min_years=2)
    assert criteria_problems(terms=terms, state="ok", years=2) == {}
    problems = criteria_problems(terms=terms, state="OH", years=1)
    assert problems == {
        "state_of_employment": "This fund is open to library staff employed in OK, TX.",
        "years_experience": "This fund needs at least 2 years of library experience.",
    }
    assert (
        "Choose the state you work in"
        in criteria_problems(terms=terms, state="", years=None)["state_of_employment"]
    )
    assert (
        criteria_problems(terms=Terms(sponsor="S", opens_on=date(2026, 1, 1)), state="", years=None)
        == {}
    )


def test_one_day_before_the_cooldown_ends_is_still_blocked():
    end = cooldown_ends(awarded_on=AWARDED, months=18)
    assert in_cooldown(last_award_on=AWARDED, months=18, on=end - timedelta(days=1))


def test_a_one_month_cooldown_blocks_for_that_month():
    assert in_cooldown(last_award_on=AWARDED, months=1, on=AWARDED + timedelta(days=1))
    assert not in_cooldown(last_award_on=AWARDED, months=1, on=date(2025, 7, 10))


def test_zero_months_means_no_cooldown_whatever_the_dates():
    # Even checked on a day before the recorded award (a committee deciding on a backdated case).
    assert not in_cooldown(last_award_on=AWARDED, months=0, on=AWARDED - timedelta(days=1))


def test_an_award_longer_ago_than_the_cooldown_is_no_reason():
    person = Person(confirmed=frozenset({"SSD"}), last_award_on=AWARDED)
    assert reasons_not_eligible(terms=SSD, person=person, on=date(2026, 12, 10)) == []


def test_the_committee_is_told_who_is_not_a_member():
    reasons = reasons_not_eligible(terms=SSD, person=Person(), on=date(2026, 1, 5), name="Ravi")
    assert reasons == ["Ravi is not a confirmed SSD member, and only SSD members can receive it."]


def test_a_membership_without_a_joining_note_says_only_who_can_apply():
    terms = Terms(sponsor="OLA", opens_on=date(2025, 1, 1), required=(Requirement("OLA"),))
    assert reasons_not_eligible(terms=terms, person=Person(), on=date(2026, 1, 5)) == [
        "Only OLA members can apply."
    ]


def test_a_paid_fee_matters_only_to_an_enrollment_only_fund():
    paid, unpaid = Person(fee_settled=True), Person(fee_settled=False)
    any_fee = Terms(sponsor="SSD", opens_on=date(2026, 1, 1), program="LSSCP")
    enrollment = Terms(
        sponsor="SSD", opens_on=date(2026, 1, 1), enrollment_only=True, program="LSSCP"
    )
    on = date(2026, 2, 1)
    assert reasons_not_eligible(terms=any_fee, person=paid, on=on) == []
    assert reasons_not_eligible(terms=enrollment, person=unpaid, on=on) == []
    assert reasons_not_eligible(terms=enrollment, person=paid, on=on, name="Ravi Patel") == [
        "Ravi Patel's LSSCP enrollment fee is already paid, and this fund pays only toward the "
        "enrollment fee."
    ]


def test_missing_years_of_experience_are_asked_for():
    terms = Terms(sponsor="SSD", opens_on=date(2026, 1, 1), min_years=2)
    assert criteria_problems(terms=terms, state="", years=None) == {
        "years_experience": "Enter your years of library experience."
    }
    assert criteria_problems(terms=terms, state="", years=0) == {
        "years_experience": "This fund needs at least 2 years of library experience."
    }


# --- What a fund can still award ----------------------------------------------------------


def fund_left(*, max_awards=5, awards_made=0, remaining_cents=100_000, award_cents=20_000):
    return awards_left(
        max_awards=max_awards,
        awards_made=awards_made,
        remaining_cents=remaining_cents,
        award_cents=award_cents,
    )


def test_awards_left_are_limited_by_the_count_and_by_the_money():
    assert fund_left() == 5
    assert fund_left(awards_made=4) == 1
    assert fund_left(awards_made=5) == 0
    assert fund_left(remaining_cents=79_999) == 3  # money for three awards, not four
    assert fund_left(remaining_cents=80_000) == 4
    assert fund_left(remaining_cents=0) == 0
    assert fund_left(remaining_cents=-1) == 0  # overspent (a recount in progress): none, not -1
    assert fund_left(award_cents=0) == 0  # a fund without an award amount awards nothing
    assert fund_left(award_cents=1, remaining_cents=3) == 3


def limit(*, max_awards=5, awards_made=0, remaining_cents=20_000, amount_cents=20_000):
    return capacity_limit(
        max_awards=max_awards,
        awards_made=awards_made,
        remaining_cents=remaining_cents,
        amount_cents=amount_cents,
    )


def test_one_more_award_fits_exactly_the_last_money_and_the_last_place():
    assert limit(awards_made=4, remaining_cents=20_000) is None
    assert limit(awards_made=5) == "count"
    assert limit(remaining_cents=19_999) == "money"
    assert limit(awards_made=5, remaining_cents=0) == "count"  # the count is said first


def test_an_award_is_never_more_than_the_invoice_still_owes():
    assert award_amount(award_cents=20_000, owed_cents=None) == 20_000
    assert award_amount(award_cents=20_000, owed_cents=35_000) == 20_000
    assert award_amount(award_cents=20_000, owed_cents=20_000) == 20_000
    assert award_amount(award_cents=20_000, owed_cents=15_000) == 15_000
