"""A course completion dated today in the program's time zone is not in the future (RULINGS:
dates in the program's time zone). The program in Auckland, the site in Chicago: on 2 December
in Auckland it is still 1 December in Chicago."""

from datetime import UTC, date, datetime

from django.utils import timezone

from certify.courses import services
from certify.courses.models import CourseCompletion
from tests.courses.conftest import pdf_upload

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # 2 December, 01:00 in Auckland


def test_a_completion_dated_today_in_the_programs_zone_is_recorded(planned, course, monkeypatch):
    program = planned.application.program
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    completion = services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=date(2026, 12, 2),
        certificate=pdf_upload(),
    )
    assert completion.status == CourseCompletion.Status.PENDING
