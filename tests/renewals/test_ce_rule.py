"""The continuing-education rule as a property: met exactly when the hours counted (tied to a
set, dated within the period, both days included) reach the requirement and those on the
technology set reach its minimum, to the hundredth of an hour; and the credit conversions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.programs.models import Program
from certify.renewals.ce import Counted, activity_hours, progress
from tests.factories import LSSCP_RULES

START, END = date(2026, 3, 10), date(2031, 5, 10)
REQUIRED, TECHNOLOGY = LSSCP_RULES["renewal_ce_hours"], LSSCP_RULES["renewal_technology_hours"]
PROGRAM = Program(**{k: v for k, v in LSSCP_RULES.items() if k.endswith("_hours")})

hours = st.decimals(min_value=0, max_value=40, places=2)
activities = st.lists(
    st.builds(
        Counted,
        completed_on=st.dates(START - timedelta(days=3), END + timedelta(days=3)),
        hours=hours,
        tied=st.booleans(),
        technology=st.booleans(),
    ),
    max_size=6,
)


def _progress(items):
    return progress(program=PROGRAM, activities=items, period_start=START, period_end=END)


@pytest.mark.database_free
@given(activities)
def test_met_exactly_when_the_counted_hours_and_the_technology_hours_are_reached(items):
    counted = [a for a in items if a.tied and START <= a.completed_on <= END]
    total = sum((a.hours for a in counted), Decimal(0))
    technology = sum((a.hours for a in counted if a.technology), Decimal(0))
    result = _progress(items)
    assert (result.total, result.technology) == (total, technology)
    assert result.met is (total >= REQUIRED and technology >= TECHNOLOGY)


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("other", "tech", "met"),
    [
        ("28", "4", True),  # exactly 32, exactly 4 on technology
        ("27.99", "4", False),  # a hundredth of an hour short in all
        ("28.01", "3.99", False),  # 32 in all, a hundredth short on technology
        ("0", "32", True),  # technology hours count toward the 32 too
    ],
)
def test_the_requirement_at_its_edges(other, tech, met):
    items = [
        Counted(completed_on=START, hours=Decimal(other), tied=True, technology=False),
        Counted(completed_on=END, hours=Decimal(tech), tied=True, technology=True),
    ]
    assert _progress(items).met is met
    # A day either side of the period counts nothing.
    moved = [
        Counted(completed_on=START - timedelta(days=1), hours=Decimal(other), tied=True,
                technology=False),
        Counted(completed_on=END + timedelta(days=1), hours=Decimal(tech), tied=True,
                technology=True),
    ]  # fmt: skip
    assert _progress(moved).total == 0


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("unit", "amount", "expected"),
    [("semester", "1", 15), ("quarter", "1", 10), ("conference", "1", 6), ("hours", "1", 1),
     ("semester", "2.5", Decimal("37.5")), ("conference", "0.5", 3)],
)  # fmt: skip
def test_credits_convert_at_the_programs_rates(unit, amount, expected):
    assert activity_hours(program=PROGRAM, format=unit, amount=Decimal(amount)) == expected
