"""A course completion dated today in the program's time zone is not in the future (RULINGS:
dates in the program's time zone). The program in Auckland, the site in Chicago: on 2 December
in Auckland it is still 1 December in Chicago."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses import selectors, services
from certify.courses.models import Course, CourseCompletion
from tests.courses.conftest import pdf_upload
from tests.factories import ProgramFactory

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


# --- The catalogue: an approval runs through its last day in the program's time zone ----------
# The site is in Chicago. At 16:00 UTC on 5 December it is 6 December in Tokyo and 5 December in
# Chicago; at 08:00 UTC on 6 December it is 6 December in Chicago and 5 December in Honolulu.
LAST_DAY = date(2026, 12, 5)
AFTER_TOKYO_MIDNIGHT = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
BEFORE_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "now", "listed"),
    [
        ("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT, False),
        ("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT - timedelta(minutes=61), True),
        ("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT, True),
        ("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT + timedelta(hours=2), False),
    ],
)
def test_the_catalogue_lists_a_course_through_its_approvals_last_day_there(
    client, lsscp, course, monkeypatch, zone, now, listed
):
    lsscp.time_zone = zone
    lsscp.save(update_fields=["time_zone"])
    ProgramFactory(time_zone="Europe/London")  # another program, on another day at times
    Course.objects.filter(pk=course.pk).update(approval_expires_on=LAST_DAY)
    monkeypatch.setattr(timezone, "now", lambda: now)

    assert (course in selectors.catalogue(program=lsscp)) is listed
    assert (course in selectors.catalogue()) is listed  # every program's courses
    assert (selectors.course_public_find(pk=course.pk) is not None) is listed
    assert (course.provider_id in dict(selectors.catalogue_providers(program=lsscp))) is listed
    page = client.get(reverse("courses:catalogue")).text
    assert ("Communicating at the Library Desk" in page) is listed
    detail = client.get(reverse("courses:detail", args=[course.pk]))
    assert detail.status_code == (200 if listed else 404)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (BEFORE_HONOLULU_MIDNIGHT, "listed"),
        (BEFORE_HONOLULU_MIDNIGHT + timedelta(hours=2), "ended"),
    ],
)
def test_the_providers_courses_by_state_turn_at_the_programs_midnight(
    client, lsscp, course, provider_user, monkeypatch, now, state
):
    """The provider's page groups a course as the catalog lists it: approved through its last
    day in the program's zone (ADR 0036), in one read of the programs' zones for both lists."""
    lsscp.time_zone = "Pacific/Honolulu"
    lsscp.save(update_fields=["time_zone"])
    Course.objects.filter(pk=course.pk).update(approval_expires_on=LAST_DAY)
    monkeypatch.setattr(timezone, "now", lambda: now)
    client.force_login(provider_user)
    page = client.get(reverse("courses:provider", args=[course.provider_id]))
    assert [key for key, _, _ in page.context["state_counts"]] == [state]
    assert [c.approval_state for _, rows in page.context["groups"] for c in rows] == [state]
    # "Approvals ending" (renewal open) counts the program's day too: at 22:00 in Honolulu the
    # approval still runs there, though the site's day (Chicago) has passed its last day
    assert page.context["ending"] == ([course] if state == "listed" else [])
