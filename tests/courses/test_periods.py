"""The date rules of approvals, completions and recognised programmes, at their edges."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.periods import (
    Period,
    approval_period,
    completion_problem,
    graduation_problem,
    renewal_opens_on,
)

APPROVED = date(2026, 3, 10)
PERIOD = approval_period(approved_on=APPROVED, years=4, current_expiry=None)
TODAY = date(2031, 1, 1)


def problem(day: date, periods=(PERIOD,), today=TODAY):
    return completion_problem(completed_on=day, periods=periods, lookback_years=2, today=today)


def test_renewal_opens_a_calendar_year_before_the_last_day():
    assert renewal_opens_on(date(2030, 3, 9)) == date(2029, 3, 9)
    # Across a leap day a year is 366 days, not 365: it opens on the same day a year earlier.
    assert renewal_opens_on(date(2028, 3, 9)) == date(2027, 3, 9)
    assert date(2028, 3, 9) - timedelta(days=365) == date(2027, 3, 10)
    assert renewal_opens_on(date(2028, 2, 29)) == date(2027, 2, 28)


def test_an_approval_lasts_four_years_to_the_day_before_the_anniversary():
    assert Period(date(2026, 3, 10), date(2030, 3, 9)) == PERIOD


def test_a_renewal_before_expiry_starts_the_day_after_so_nothing_is_lost():
    renewed = approval_period(
        approved_on=date(2029, 6, 1), years=4, current_expiry=PERIOD.expires_on
    )
    assert renewed == Period(date(2030, 3, 10), date(2034, 3, 9))


def test_a_renewal_on_the_last_day_of_the_period_starts_the_next_day():
    renewed = approval_period(
        approved_on=PERIOD.expires_on, years=4, current_expiry=PERIOD.expires_on
    )
    assert renewed == Period(date(2030, 3, 10), date(2034, 3, 9))


def test_a_renewal_after_a_lapse_starts_on_the_day_of_approval():
    renewed = approval_period(
        approved_on=date(2031, 1, 5), years=4, current_expiry=PERIOD.expires_on
    )
    assert renewed == Period(date(2031, 1, 5), date(2035, 1, 4))


def test_a_one_year_approval_from_29_february_ends_on_27_february():
    # The anniversary of 29 February in a common year is 28 February (as for applications).
    assert approval_period(
        approved_on=date(2028, 2, 29), years=1, current_expiry=None
    ).expires_on == date(2029, 2, 27)


def test_a_completion_exactly_two_years_before_approval_counts():
    assert problem(date(2024, 3, 10)) is None


def test_a_completion_one_day_earlier_does_not_count_and_says_why():
    message = problem(date(2024, 3, 9))
    assert message == (
        "Completed on March 9, 2024, but completions of this course count from March 10, 2024 "
        "(2 years before its approval) to March 9, 2030."
    )


def test_completions_before_expiry_still_count_after_the_approval_expired():
    assert problem(date(2030, 3, 9), today=date(2031, 6, 1)) is None
    assert "count from" in problem(date(2030, 3, 10), today=date(2031, 6, 1))


def test_a_completion_in_the_future_is_refused():
    assert problem(date(2026, 6, 2), today=date(2026, 6, 1)) == (
        "The completion date June 2, 2026 is in the future."
    )


def test_a_completion_today_counts():
    assert problem(date(2026, 6, 1), today=date(2026, 6, 1)) is None


def test_a_course_never_approved_counts_nothing():
    assert problem(date(2026, 6, 1), periods=()) == (
        "This course is not approved, so its completions do not count yet."
    )


def test_a_renewal_after_a_lapse_covers_its_own_lookback():
    renewed = Period(date(2031, 1, 5), date(2035, 1, 4))
    # In the gap between the two periods, but within two years before the renewal.
    assert problem(date(2030, 9, 1), periods=(PERIOD, renewed), today=date(2032, 1, 1)) is None


@given(st.integers(min_value=-1500, max_value=3000))
def test_a_completion_counts_exactly_inside_the_window(offset):
    day = APPROVED + timedelta(days=offset)
    inside = date(2024, 3, 10) <= day <= date(2030, 3, 9)
    assert (problem(day, today=date(2040, 1, 1)) is None) is inside


def graduation(day: date, *, claimed=date(2026, 5, 1), starts=date(2020, 1, 1), ends=None):
    return graduation_problem(
        graduated_on=day,
        claimed_on=claimed,
        years=2,
        agreement_starts_on=starts,
        agreement_ends_on=ends,
    )


def test_a_graduate_exactly_two_years_ago_may_claim():
    assert graduation(date(2024, 5, 1)) is None


def test_a_graduate_two_years_and_a_day_ago_may_not():
    assert graduation(date(2024, 4, 30)) == (
        "Graduates claim within 2 years of graduating: a graduation on April 30, 2024 was more "
        "than 2 years ago (the earliest that counts today is May 1, 2024)."
    )


def test_the_graduation_must_fall_within_the_agreement():
    assert "covers graduations from January 1, 2025 to today" in graduation(
        date(2024, 12, 31), starts=date(2025, 1, 1)
    )
    assert "to December 31, 2025" in graduation(date(2026, 1, 2), ends=date(2025, 12, 31))
    assert graduation(date(2025, 12, 31), ends=date(2025, 12, 31)) is None


def test_a_future_graduation_is_refused():
    assert graduation(date(2026, 5, 2)) == "The graduation date May 2, 2026 is in the future."


def test_a_graduate_may_claim_on_the_day_of_graduating():
    assert graduation(date(2026, 5, 1)) is None


def test_a_graduation_on_the_first_day_of_the_agreement_counts():
    assert graduation(date(2025, 1, 1), starts=date(2025, 1, 1)) is None


def test_candidate_numbers_parse_in_any_case_and_with_spaces():
    assert candidate_number_parse(" lsscp-c-000123 ") == ("LSSCP", "000123")
    assert candidate_number_parse("LSSCP-C-7") == ("LSSCP", "000007")
    assert candidate_number_parse("lsscp-c-7k3q9m2x") == ("LSSCP", "7K3Q9M2X")
    assert candidate_number_parse("LSSCP-000123") is None
    assert candidate_number_parse("") is None
    assert program_prefix("LSSCP (ALA-APA)") == "LSSCPALAAPA"
