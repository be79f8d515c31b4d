"""The life cycle rule at every boundary, on leap days, and as a property."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.renewals.lifecycle import (
    TIME_ORDER,
    Phase,
    add_months,
    lapse_notice_due,
    lifecycle,
    reminder_due,
    renewal_expiry,
)
from certify.renewals.selectors import lapse_threshold

EXPIRES = date(2031, 3, 10)


def phase(today: date, *, expires=EXPIRES, status="valid", renew_by=None) -> Phase:
    return lifecycle(
        status=status,
        expires_on=expires,
        today=today,
        window_months=12,
        grace_months=2,
        renew_by=renew_by,
    ).phase


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2030, 3, 9), Phase.VALID),  # the day before the window opens
        (date(2030, 3, 10), Phase.WINDOW),  # the window opens, 12 months before expiry
        (date(2030, 3, 11), Phase.WINDOW),
        (date(2031, 3, 9), Phase.WINDOW),
        (date(2031, 3, 10), Phase.WINDOW),  # expiry day: still valid
        (date(2031, 3, 11), Phase.GRACE),  # the day after expiry
        (date(2031, 5, 10), Phase.GRACE),  # the last day of grace
        (date(2031, 5, 11), Phase.LAPSED),  # two months and a day past expiry
        (date(2040, 1, 1), Phase.LAPSED),
    ],
)
def test_each_boundary(today, expected):
    assert phase(today) == expected


def test_the_dates_are_reported():
    cycle = lifecycle(
        status="valid", expires_on=EXPIRES, today=EXPIRES, window_months=12, grace_months=2
    )
    assert (cycle.expires_on, cycle.window_opens_on, cycle.grace_ends_on, cycle.lapses_on) == (
        EXPIRES,
        date(2030, 3, 10),
        date(2031, 5, 10),
        date(2031, 5, 11),
    )
    assert cycle.renewable
    assert cycle.label == "Valid; renewal open"


@pytest.mark.parametrize("status", ["pending", "suspended", "revoked", "replaced"])
def test_staff_statuses_pass_through(status):
    assert phase(date(2031, 4, 1), status=status) == Phase(status)
    assert not lifecycle(
        status=status, expires_on=EXPIRES, today=EXPIRES, window_months=12, grace_months=2
    ).renewable


def test_leap_day_expiry():
    leap = date(2028, 2, 29)
    assert lifecycle(
        status="valid", expires_on=leap, today=leap, window_months=12, grace_months=2
    ).window_opens_on == date(2027, 2, 28)
    assert phase(date(2027, 2, 27), expires=leap) == Phase.VALID
    assert phase(date(2027, 2, 28), expires=leap) == Phase.WINDOW
    assert phase(date(2028, 4, 29), expires=leap) == Phase.GRACE
    assert phase(date(2028, 4, 30), expires=leap) == Phase.LAPSED


def test_grace_ending_on_a_leap_day_and_on_a_short_month():
    assert phase(date(2028, 2, 29), expires=date(2027, 12, 31)) == Phase.GRACE
    assert phase(date(2028, 3, 1), expires=date(2027, 12, 31)) == Phase.LAPSED
    assert phase(date(2027, 2, 28), expires=date(2026, 12, 31)) == Phase.GRACE
    assert phase(date(2027, 3, 1), expires=date(2026, 12, 31)) == Phase.LAPSED


def test_a_reinstatement_moves_the_last_day_to_renew():
    assert phase(date(2031, 6, 1), renew_by=date(2031, 6, 30)) == Phase.GRACE
    assert phase(date(2031, 7, 1), renew_by=date(2031, 6, 30)) == Phase.LAPSED
    assert phase(date(2031, 5, 1), renew_by=date(2031, 4, 1)) == Phase.GRACE  # never shortens
    on_the_day = lifecycle(
        status="valid",
        expires_on=EXPIRES,
        today=date(2031, 5, 11),
        window_months=12,
        grace_months=2,
        renew_by=date(2031, 5, 10),  # the grace period's own last day: nothing moves
    )
    assert (on_the_day.phase, on_the_day.grace_ends_on) == (Phase.LAPSED, date(2031, 5, 10))


def test_the_new_period_follows_on_from_the_old_expiry():
    assert renewal_expiry(previous_expires_on=date(2031, 3, 10), validity_years=5) == date(
        2036, 3, 10
    )
    assert renewal_expiry(previous_expires_on=date(2032, 2, 29), validity_years=5) == date(
        2037, 2, 28
    )


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2028, 3, 31), -1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


@given(
    expires=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    a=st.integers(min_value=0, max_value=2000),
    b=st.integers(min_value=0, max_value=2000),
    window=st.integers(min_value=0, max_value=24),
    grace=st.integers(min_value=0, max_value=12),
)
def test_phases_are_ordered_in_time(expires, a, b, window, grace):
    start = add_months(expires, -window) - timedelta(days=700)
    early, late = sorted([start + timedelta(days=a), start + timedelta(days=b)])

    def p(day):
        return lifecycle(
            status="valid", expires_on=expires, today=day, window_months=window, grace_months=grace
        ).phase

    assert TIME_ORDER.index(p(early)) <= TIME_ORDER.index(p(late))
    assert p(expires) == Phase.WINDOW
    assert p(expires + timedelta(days=1)) in (Phase.GRACE, Phase.LAPSED)


@given(
    today=st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)),
    expires=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    grace=st.integers(min_value=0, max_value=12),
)
def test_the_lapsed_query_threshold_agrees_with_the_rule(today, expires, grace):
    lapsed = (
        lifecycle(
            status="valid", expires_on=expires, today=today, window_months=12, grace_months=grace
        ).phase
        == Phase.LAPSED
    )
    assert lapsed == (expires < lapse_threshold(today=today, grace_months=grace))


def test_reminders_are_due_at_the_latest_milestone_reached():
    expires = date(2031, 3, 10)
    schedule = (12, 6, 3, 1)

    def due(today: date) -> int | None:
        return reminder_due(expires_on=expires, today=today, schedule=schedule)

    assert due(date(2030, 3, 9)) is None
    assert due(date(2030, 3, 10)) == 12
    assert due(date(2030, 9, 9)) == 12
    assert due(date(2030, 9, 10)) == 6
    assert due(date(2030, 12, 10)) == 3
    assert due(date(2031, 2, 10)) == 1
    assert due(date(2031, 3, 10)) == 1
    assert due(date(2031, 3, 11)) is None


def test_a_program_s_own_reminder_schedule_decides_the_milestones():
    expires = date(2031, 3, 10)
    # A program that reminds at 2 months and 1 month only: nothing at 6 (order does not matter).
    assert reminder_due(expires_on=expires, today=date(2030, 9, 10), schedule=(2, 1)) is None
    assert reminder_due(expires_on=expires, today=date(2031, 1, 10), schedule=(1, 2)) == 2
    assert reminder_due(expires_on=expires, today=date(2031, 2, 10), schedule=(2, 1)) == 1


def test_the_lapse_notice_is_due_for_thirty_days():
    lapses = date(2031, 5, 11)
    assert not lapse_notice_due(lapses_on=lapses, today=date(2031, 5, 10))
    assert lapse_notice_due(lapses_on=lapses, today=lapses)
    assert lapse_notice_due(lapses_on=lapses, today=date(2031, 6, 9))
    assert not lapse_notice_due(lapses_on=lapses, today=date(2031, 6, 10))
