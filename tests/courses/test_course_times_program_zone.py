"""A course's history and its completion imports give their days and times in the course's
program's time zone, the zone named (RULINGS: dates are shown in the program's time zone): RMT
(Denver) at 23:30 on 2 March, when it is already 3 March in Chicago (the site's zone)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses.models import CompletionImport, Course, CourseTransition
from tests.courses.conftest import approved_course
from tests.programs.second_program import rmt_set_up

MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST on the 3rd


@pytest.fixture
def rmt_course(lsscp, staff, provider):
    rmt = rmt_set_up(staff)
    course = approved_course(
        provider=provider, competency_set=rmt.competency_sets.get(code="RMF"), title="Records 101"
    )
    CourseTransition.objects.create(
        course=course, from_status=Course.Status.SUBMITTED, to_status=Course.Status.APPROVED
    )
    CourseTransition.objects.filter(course=course).update(created_at=MOMENT)
    Course.objects.filter(pk=course.pk).update(submitted_at=MOMENT)
    return course


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.text.split())


def test_staff_read_the_courses_history_in_its_programs_zone(rmt_course, staff, client):
    assert timezone.localtime(MOMENT).day == 3  # the site's zone is on the 3rd
    client.force_login(staff)
    page = _text(client.get(reverse("courses:staff_course", args=[rmt_course.pk])))
    assert "March 2, 2027, 11:30 p.m. MST: Approved" in page
    assert "March 3, 2027" not in page
    assert "March 3, 2027" not in page
    listed = _text(client.get(reverse("courses:staff_courses")))
    assert "March 2, 2027" in listed


def test_the_provider_reads_the_history_and_its_imports_in_the_programs_zone(
    rmt_course, provider, provider_user, client
):
    imp = CompletionImport.objects.create(
        provider=provider, course=rmt_course, uploaded_by=provider_user
    )
    CompletionImport.objects.filter(pk=imp.pk).update(created_at=MOMENT)
    client.force_login(provider_user)
    edit = _text(client.get(rmt_course.get_provider_url()))
    assert "March 2, 2027, 11:30 p.m. MST: Approved" in edit
    imports = _text(client.get(reverse("courses:imports", args=[provider.pk])))
    assert "March 2, 2027, 11:30 p.m. MST" in imports
    detail = _text(client.get(reverse("courses:import", args=[provider.pk, imp.pk])))
    assert "uploaded March 2, 2027, 11:30 p.m. MST" in detail
    home = _text(client.get(provider.get_absolute_url()))
    assert "Records 101, March 2, 2027" in home
