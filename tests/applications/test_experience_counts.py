"""What experience counts, through the service that reads the entries: paid or unpaid, in any
type of library, part-time hours by the week, and a job straddling the window pro rata; and the
education rule (a high-school diploma or its equivalent; education outside the US to staff)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from certify.applications.models import ExperienceEntry
from certify.applications.services import application_eligibility
from certify.programs.education import education_problem
from certify.programs.models import Program
from tests.factories import ApplicationFactory, ExperienceEntryFactory

ON = date(2026, 11, 27)  # the window: November 27, 2021 .. November 27, 2026


def _hours(application):
    return application_eligibility(application=application, on=ON)


@pytest.mark.parametrize("paid", [True, False])
@pytest.mark.parametrize("kind", ExperienceEntry.LibraryType.values)
def test_paid_or_unpaid_in_any_type_of_library_counts_the_same(lsscp, kind, paid):
    application = ApplicationFactory(program=lsscp)
    # Part-time: 17.5 hours a week for 104 weeks is exactly the 1,820 hours.
    ExperienceEntryFactory(
        application=application,
        library_type=kind,
        paid=paid,
        start_date=ON - timedelta(days=104 * 7 - 1),
        end_date=ON,
        hours_per_week=Decimal("17.5"),
    )
    result = _hours(application)
    assert result.hours == lsscp.experience_hours_required == 1820
    assert result.meets_hours


def test_part_time_a_day_short_is_not_enough(lsscp):
    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(
        application=application,
        start_date=ON - timedelta(days=104 * 7 - 2),
        end_date=ON,
        hours_per_week=Decimal("17.5"),
    )
    result = _hours(application)
    assert result.hours == 1820 - Decimal("2.5")
    assert not result.meets_hours
    assert result.next_step == "3 more hours are needed."  # whole hours, rounded up


def test_a_job_straddling_the_window_counts_only_its_days_inside(lsscp):
    application = ApplicationFactory(program=lsscp)
    start = date(2021, 11, 27)  # the window's first day
    # 2,000 hours over 1,000 days, 10 of them before the window: 1,980 count.
    ExperienceEntryFactory(
        application=application,
        start_date=start - timedelta(days=10),
        end_date=start + timedelta(days=989),
        hours_mode=ExperienceEntry.HoursMode.TOTAL,
        hours_per_week=None,
        total_hours=Decimal(2000),
    )
    assert _hours(application).hours == 1980


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("level", "meets"),
    [
        ("none", False),
        ("diploma", True),
        ("equivalent", True),  # a GED or another high-school equivalent
        ("higher", True),
        ("bachelors", True),
        ("masters", True),
    ],
)
@pytest.mark.parametrize("outside_us", [False, True])
def test_a_high_school_diploma_or_its_equivalent_and_non_us_education_left_to_staff(
    level, meets, outside_us
):
    program = Program(education_required="high_school", non_us_education_case_by_case=True)
    problem = education_problem(
        program=program, level=level, accredited=False, outside_us=outside_us
    )
    if meets or outside_us:  # outside the US: never refused here, staff decide
        assert problem is None
    else:
        assert problem == (
            "The program needs a high-school diploma or its equivalent (such as the GED)."
        )
