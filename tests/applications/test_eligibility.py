"""The 1,820-hour rule at its edges, and its properties."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certify.applications.eligibility import (
    EligibilityResult,
    Experience,
    eligibility,
    enough_hours,
    entry_errors,
    hours_in_window,
    hours_missing,
    hours_shown,
    percent_done,
    window_for,
    years_before,
)

ON = date(2026, 11, 27)
START, END = window_for(on=ON, years=5)  # November 27, 2021 .. November 27, 2026


def check(entries, on=ON):
    return eligibility(entries, on=on, years=5, required=1820)


def total(hours, start=START, end=ON):
    return Experience(start=start, end=end, total_hours=Decimal(hours))


def test_the_window_is_the_five_years_before_submission():
    assert (date(2021, 11, 27), date(2026, 11, 27)) == (START, END)


def test_a_leap_day_window_starts_on_28_february():
    assert years_before(date(2028, 2, 29), 5) == date(2023, 2, 28)


def test_exactly_1820_hours_is_enough():
    result = check([total(1820)])
    assert result.meets_hours
    assert result.missing == 0
    assert result.summary == (
        "1,820 of the 1,820 hours needed between November 27, 2021 and November 27, 2026"
    )


def test_one_hour_short_is_not_enough():
    result = check([total("1819")])
    assert not result.meets_hours
    assert result.missing == 1
    assert result.next_step == "1 more hour is needed."


def test_one_day_short_of_the_hours_is_not_enough():
    # 35 hours a week for 52 weeks = 1,820 hours; one day less falls 5 hours short.
    days = 52 * 7
    enough = Experience(start=ON - timedelta(days=days - 1), end=ON, hours_per_week=Decimal(35))
    short = Experience(start=ON - timedelta(days=days - 2), end=ON, hours_per_week=Decimal(35))
    assert check([enough]).hours == 1820
    assert check([enough]).meets_hours
    assert check([short]).hours == 1815
    assert not check([short]).meets_hours


def test_a_job_straddling_the_window_counts_only_the_part_inside():
    # 2,000 hours spread over January 1, 2020 .. December 31, 2022 (1,096 days); 400 of those
    # days inside.
    job = total(2000, start=date(2020, 1, 1), end=date(2022, 12, 31))
    inside_days = (date(2022, 12, 31) - START).days + 1
    assert check([job]).hours == Fraction(2000 * inside_days, 1096)


def test_a_job_that_ended_before_the_window_counts_nothing():
    job = total(5000, start=date(2010, 1, 1), end=START - timedelta(days=1))
    assert check([job]).hours == 0


def test_the_first_day_of_the_window_counts():
    job = Experience(start=START - timedelta(days=6), end=START, hours_per_week=Decimal(7))
    assert check([job]).hours == 1  # one day at 1 hour a day


def test_an_ongoing_job_counts_up_to_the_submission_date():
    job = Experience(start=ON - timedelta(days=69), end=None, hours_per_week=Decimal(21))
    assert check([job]).hours == 210  # 70 days at 3 hours a day


def test_an_ongoing_total_is_spread_up_to_today():
    job = Experience(start=START - timedelta(days=100), end=None, total_hours=Decimal(1000))
    days = (ON - job.start).days + 1
    assert check([job]).hours == Fraction(1000 * (days - 100), days)


def test_end_before_start_and_future_dates_are_errors_and_do_not_count():
    result = check(
        [
            Experience(
                start=date(2024, 5, 1),
                end=date(2024, 4, 1),
                hours_per_week=Decimal(20),
                label="Town Library",
            ),
            Experience(start=ON + timedelta(days=1), end=None, hours_per_week=Decimal(20)),
            total(900),
        ]
    )
    assert "“Town Library”: the end date is before the start date." in result.errors
    assert "the start date is in the future." in result.errors
    assert result.hours == 900
    assert not result.meets_hours


def test_more_than_60_hours_a_week_together_is_flagged_not_refused():
    a = Experience(start=date(2024, 1, 1), end=date(2024, 6, 30), hours_per_week=Decimal(40))
    b = Experience(start=date(2024, 3, 1), end=date(2024, 12, 31), hours_per_week=Decimal(30))
    result = check([a, b])
    assert result.flags == [
        "Between March 1, 2024 and June 30, 2024 the entries add up to 70 hours a week."
    ]
    assert not result.errors
    assert result.hours > 0


def test_60_hours_a_week_is_not_flagged():
    a = Experience(start=date(2024, 1, 1), end=date(2024, 6, 30), hours_per_week=Decimal(30))
    b = Experience(start=date(2024, 1, 1), end=date(2024, 6, 30), hours_per_week=Decimal(30))
    assert check([a, b]).flags == []


def test_the_required_hours_are_met_at_exactly_the_requirement_and_not_a_fraction_below():
    assert enough_hours(Fraction(1820), required=1820)
    assert not enough_hours(Fraction(1820) - Fraction(1, 100), required=1820)
    assert hours_missing(Fraction(1819), required=1820) == 1
    assert hours_missing(Fraction(1821), required=1820) == 0  # never negative
    assert hours_missing(Fraction(18195, 10), required=1820) == Decimal("0.50")


def test_progress_is_in_whole_percent_rounded_down_and_at_most_100():
    assert percent_done(Fraction(910), required=1820) == 50
    assert percent_done(Fraction(1819), required=1820) == 99  # 99.95 %: not yet 100
    assert percent_done(Fraction(1820), required=1820) == 100
    assert percent_done(Fraction(5000), required=1820) == 100
    assert percent_done(Fraction(0), required=0) == 100  # nothing required: done
    assert percent_done(Fraction(1, 2), required=1) == 50  # a program asking for one hour


def test_hours_are_rounded_half_up_to_the_cent_for_display():
    def shown(hours):
        return EligibilityResult(
            hours=hours, required=1820, window_start=START, window_end=END
        ).hours_display

    assert shown(Fraction(1, 8)) == Decimal("0.13")  # 0.125: half up, not to the even 0.12
    assert shown(Fraction(1, 3)) == Decimal("0.33")
    assert shown(Fraction(2000 * 400, 1096)) == Decimal("729.93")


@pytest.mark.database_free
def test_a_fraction_short_of_the_hours_is_never_shown_as_enough():
    """Hours a hair below the requirement (a job straddling the window, counted pro rata) are
    not enough, and the candidate is told so in figures that add up: never "1,820 of the 1,820
    hours needed" with "0 more hours are needed"."""
    steady = Experience(start=ON - timedelta(days=362), end=ON, hours_per_week=Decimal(35))
    straddling = Experience(  # 499 of its 500 days inside the window: 4.99998 hours
        start=START - timedelta(days=1),
        end=START + timedelta(days=498),
        total_hours=Decimal("5.01"),
    )
    result = check([steady, straddling])
    assert Fraction(1819) < result.hours < Fraction(1820)
    assert not result.meets_hours
    assert result.hours_display == Decimal("1819.99")
    assert result.missing == Decimal("0.01")
    assert result.summary.startswith("1,819 of the 1,820 hours needed")
    assert result.next_step == "1 more hour is needed."
    assert result.staff_next_step == "The candidate needs 1 more hour."
    assert hours_missing(Fraction(1820) - Fraction(1, 10**6), required=1820) == Decimal("0.01")
    assert hours_shown(Fraction(1820), required=1820) == Decimal("1820.00")  # exactly: enough
    assert hours_shown(Fraction(18205, 10), required=1820) == Decimal("1820.50")


def test_fractional_hours_are_shown_in_whole_hours_that_add_up():
    """People read whole hours: what counts rounded down, what is missing rounded up (12 + 1,808
    = 1,820); the rule still counts the exact 12.5."""
    result = check([Experience(start=ON, end=ON, hours_per_week=Decimal("87.5"))])
    assert result.hours == Fraction(25, 2)  # one day of 87.5 hours a week
    assert result.hours_display == Decimal("12.50")  # the stored snapshot keeps its cents
    assert result.summary.startswith("12 of the 1,820 hours needed")
    assert result.next_step == "1,808 more hours are needed."


def test_no_experience_is_exactly_zero_hours():
    result = check([])
    assert result.hours == 0
    assert isinstance(result.hours, Fraction)  # exact arithmetic from the start
    assert (result.missing, result.percent, result.meets_hours) == (1820, 0, False)


def test_each_entry_error_is_said_in_words():
    on = ON

    def errors(**fields):
        return entry_errors(Experience(label="Town Library", **fields), on=on)

    assert errors(start=on, end=on + timedelta(days=1), hours_per_week=Decimal(20)) == [
        "“Town Library”: the end date is in the future; leave it empty if the job is ongoing."
    ]
    assert errors(start=on, end=on) == [
        "“Town Library”: enter the total hours or the hours per week."
    ]
    assert errors(start=on, end=on, total_hours=Decimal(-1)) == [
        "“Town Library”: hours cannot be negative."
    ]
    assert errors(start=on, end=on, hours_per_week=Decimal(-1)) == [
        "“Town Library”: hours cannot be negative."
    ]
    # Zero and fractions of an hour are valid entries, as is a job ending on the day.
    assert errors(start=on, end=on, total_hours=Decimal(0)) == []
    assert errors(start=on, end=on, hours_per_week=Decimal("0.5")) == []


def test_a_total_is_flagged_by_its_weekly_rate():
    # 700 hours over 70 days is 70 hours a week, however the hours are given.
    start = date(2024, 1, 1)
    end = start + timedelta(days=69)
    result = check([total(700, start=start, end=end)])
    assert result.flags == [
        "Between January 1, 2024 and March 10, 2024 the entries add up to 70 hours a week."
    ]
    assert check([total(600, start=start, end=end)]).flags == []  # 60 a week: not flagged


def test_an_ongoing_total_is_flagged_by_its_rate_up_to_the_submission_date():
    job = Experience(start=ON - timedelta(days=6), end=None, total_hours=Decimal(61))
    assert check([job]).flags == [
        "Between November 21, 2026 and November 27, 2026 the entries add up to 61 hours a week."
    ]


def test_an_entry_of_zero_hours_adds_nothing_to_the_weekly_sum():
    day = date(2024, 3, 1)
    full_time = Experience(
        start=date(2024, 1, 1), end=date(2024, 6, 30), hours_per_week=Decimal(60)
    )
    nothing = Experience(start=day, end=day, total_hours=Decimal(0))
    assert check([full_time, nothing]).flags == []


def test_entries_starting_on_the_same_day_add_up():
    a = Experience(start=date(2024, 1, 1), end=date(2024, 1, 31), hours_per_week=Decimal(35))
    b = Experience(start=date(2024, 1, 1), end=date(2024, 2, 29), hours_per_week=Decimal(35))
    assert check([a, b]).flags == [
        "Between January 1, 2024 and January 31, 2024 the entries add up to 70 hours a week."
    ]


def test_entries_ending_on_the_same_day_both_stop_counting():
    a = Experience(start=date(2024, 1, 1), end=date(2024, 1, 31), hours_per_week=Decimal(35))
    b = Experience(start=date(2024, 1, 10), end=date(2024, 1, 31), hours_per_week=Decimal(20))
    later = Experience(start=date(2024, 3, 1), end=date(2024, 3, 31), hours_per_week=Decimal(30))
    assert check([a, b, later]).flags == []


def test_one_job_following_another_is_not_flagged():
    # 60 hours a week in January, then 60 hours a week from February: never more than 60.
    a = Experience(start=date(2024, 1, 1), end=date(2024, 1, 31), hours_per_week=Decimal(60))
    b = Experience(start=date(2024, 2, 1), end=date(2024, 2, 29), hours_per_week=Decimal(60))
    assert check([a, b]).flags == []
    assert check([b, a]).flags == []


# --- Properties -------------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=3650)
weekly = st.decimals(min_value=0, max_value=80, places=1, allow_nan=False)


@st.composite
def experiences(draw):
    start = ON - timedelta(days=draw(days))
    length = draw(st.integers(min_value=0, max_value=(ON - start).days))
    end = None if draw(st.booleans()) else start + timedelta(days=length)
    if draw(st.booleans()):
        return Experience(start=start, end=end, hours_per_week=draw(weekly))
    return Experience(start=start, end=end, total_hours=draw(st.decimals(0, 10000, places=0)))


@settings(max_examples=200, deadline=None)
@given(st.lists(experiences(), max_size=6), st.randoms())
def test_the_order_of_entries_does_not_matter(entries, rnd):
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert check(entries).hours == check(shuffled).hours


@settings(max_examples=200, deadline=None)
@given(experiences(), st.data())
def test_splitting_an_entry_does_not_change_the_total(entry, data):
    end = entry.end or ON
    if (end - entry.start).days < 1:
        return
    cut = entry.start + timedelta(days=data.draw(st.integers(0, (end - entry.start).days - 1)))
    if entry.hours_per_week is not None:
        first = Experience(start=entry.start, end=cut, hours_per_week=entry.hours_per_week)
        second = Experience(
            start=cut + timedelta(days=1), end=entry.end, hours_per_week=entry.hours_per_week
        )
        assert check([first, second]).hours == check([entry]).hours
    else:
        whole_days = (end - entry.start).days + 1
        first_days = (cut - entry.start).days + 1
        share = Fraction(entry.total_hours) * first_days / whole_days
        first = hours_in_window(
            Experience(start=entry.start, end=cut, hours_per_week=share * 7 / first_days),
            window_start=START,
            window_end=ON,
        )
        rest = hours_in_window(
            Experience(
                start=cut + timedelta(days=1),
                end=entry.end,
                hours_per_week=(Fraction(entry.total_hours) - share)
                * 7
                / (whole_days - first_days),
            ),
            window_start=START,
            window_end=ON,
        )
        assert first + rest == check([entry]).hours


@settings(max_examples=200, deadline=None)
@given(st.lists(experiences(), max_size=4), st.integers(1, 4000), st.integers(0, 3000))
def test_nothing_outside_the_window_counts(entries, gap, length):
    before = Experience(
        start=START - timedelta(days=gap + length),
        end=START - timedelta(days=gap),
        hours_per_week=Decimal(40),
    )
    assert check([*entries, before]).hours == check(entries).hours


@pytest.mark.parametrize("on", [date(2024, 2, 29), date(2026, 1, 1), date(2026, 12, 31)])
def test_a_full_time_job_across_the_whole_window_is_enough(on):
    job = Experience(start=date(2000, 1, 1), end=None, hours_per_week=Decimal(10))
    assert check([job], on=on).meets_hours
