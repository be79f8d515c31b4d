"""An application's history and its supervisor confirmations in the program's time zone
(RULINGS: a case's dates are the program's), the zone named where a time is shown. RMT (Denver)
is started, asked, answered and submitted at 23:30 on 1 February 2027, when it is already
2 February in Chicago (the site's `TIME_ZONE`): the candidate's page, staff's page and staff's
queue all say February 1, and staff read "11:30 p.m. MST" (tests/programs/second_program.py)."""

import re

import pytest
from django.urls import reverse

from certify.applications.services import (
    application_submit,
    experience_save,
    supervisor_request,
    supervisor_respond,
)
from certify.core.workflow import LinkHolder
from tests.clock import clock_at
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate

pytestmark = clock_at("2027-02-01T23:30:00-07:00")  # 00:30 on 2 February in Chicago

AT = r"11:3\d p\.m\. MST"  # the clock ticks on while the case is set up


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def submitted(rmt, staff, django_capture_on_commit_callbacks):
    """Started, its supervisor asked and answering, and submitted, all at 23:30 in Denver."""
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    entry = application.experience.get()
    fields = {
        name: getattr(entry, name)
        for name in ("library_name", "library_type", "role", "start_date", "hours_mode")
    }
    entry = experience_save(
        application=application,
        actor=candidate,
        entry=entry,
        hours_per_week=entry.hours_per_week,
        supervisor_name="Pat Lee",
        supervisor_email="pat@records.example",
        **fields,
    )
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_request(entry=entry, actor=candidate)
    supervisor_respond(
        confirmation=entry.confirmation_requests.get(),
        actor=LinkHolder("supervisor", entry.pk, "Pat Lee"),
        confirmed=True,
    )
    application_submit(application=application, actor=candidate)
    application.refresh_from_db()
    return application


def test_the_candidate_reads_the_programs_days(submitted, client):
    client.force_login(submitted.candidate)
    page = _flat(client.get(submitted.get_absolute_url()).text)
    assert "Submitted on February 1, 2027 with" in page
    assert "<li>Started on February 1, 2027</li>" in page
    assert re.search(f">February 1, 2027, {AT}</time>: Submitted, waiting for review", page)
    assert "February 2" not in page


def test_staff_read_the_programs_days_and_times_zone_named(submitted, client, staff):
    client.force_login(staff)
    page = _flat(client.get(reverse("applications:staff_detail", args=[submitted.pk])).text)
    assert "<span>submitted February 1, 2027</span>" in page
    assert re.search(f"<td>February 1, 2027, {AT}</td>", page)  # asked
    assert re.search(f"Confirmed February 1, 2027, {AT}", page)  # answered
    assert re.search(f">February 1, 2027, {AT}</time>: Submitted, waiting for review — by", page)
    assert "February 2" not in page
    assert "February 2" not in page
    queue = _flat(client.get(reverse("applications:queue")).text)
    assert '<td data-label="Submitted">February 1, 2027<br>' in queue


def test_a_request_the_submission_stopped_says_when_in_the_programs_zone(
    rmt, staff, client, django_capture_on_commit_callbacks
):
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    entry = application.experience.get()
    fields = {
        name: getattr(entry, name)
        for name in ("library_name", "library_type", "role", "start_date", "hours_mode")
    }
    entry = experience_save(
        application=application,
        actor=candidate,
        entry=entry,
        hours_per_week=entry.hours_per_week,
        supervisor_name="Pat Lee",
        supervisor_email="pat@records.example",
        **fields,
    )
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_request(entry=entry, actor=candidate)
    application_submit(application=application, actor=candidate)
    client.force_login(staff)
    page = _flat(client.get(reverse("applications:staff_detail", args=[application.pk])).text)
    assert re.search(f"Stopped: the application was submitted first, February 1, 2027, {AT}", page)
