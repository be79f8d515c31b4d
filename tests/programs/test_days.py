"""Days over many programs (`programs.days`): programs in different time zones are on different
days around midnight, and reads over all of them compare each row with its own program's day.
The site is in Chicago."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Q

from certify.programs.days import on_program_days, program_day_shift, programs_by_day

# 16:00 UTC on 5 December: 6 December in Tokyo; 5 December in Chicago and Honolulu.
# 08:00 UTC on 6 December: 6 December in Chicago and Tokyo; 5 December in Honolulu.
AFTERNOON = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
MORNING = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
PROGRAMS = [(1, "Asia/Tokyo"), (2, "America/Chicago"), (3, "Pacific/Honolulu"), (4, "")]


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("now", "shifts"),
    [(AFTERNOON, [1, 0, 0, 0]), (MORNING, [0, 0, -1, 0])],
)
def test_a_programs_day_is_the_sites_moved_by_a_day_at_most(now, shifts):
    assert [program_day_shift(zone, now=now) for _, zone in PROGRAMS] == [
        timedelta(days=n) for n in shifts
    ]


@pytest.mark.database_free
def test_programs_are_grouped_by_the_day_they_are_on():
    assert programs_by_day(PROGRAMS, now=AFTERNOON) == {
        date(2026, 12, 6): [1],
        date(2026, 12, 5): [2, 3, 4],  # no zone: the site's
    }
    assert programs_by_day(PROGRAMS, now=MORNING) == {
        date(2026, 12, 6): [1, 2, 4],
        date(2026, 12, 5): [3],
    }


@pytest.mark.database_free
def test_one_comparison_per_day_and_the_plain_one_when_all_agree(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: MORNING)
    assert on_program_days("expires_on", programs=PROGRAMS) == Q(
        expires_on__gte=date(2026, 12, 5), program_id__in=[3]
    ) | Q(expires_on__gte=date(2026, 12, 6), program_id__in=[1, 2, 4])
    assert on_program_days("use_by", "lt", programs=PROGRAMS[:2]) == Q(use_by__lt=date(2026, 12, 6))
