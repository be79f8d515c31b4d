"""The staff home's "late" link, when programs' targets differ, leads to exactly the late
applications: each waiting past its own program's target (RMT: 5 days; LSSCP: its own), not
every submitted one (tests/programs/second_program.py sets RMT up as its staff would)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.applications.services import application_start, application_submit
from certify.programs.setup import program_settings_update
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate


@pytest.fixture
def rmt(lsscp, staff):
    rmt = rmt_set_up(staff)
    return program_settings_update(
        program=rmt, actor=staff, section="targets", data={"target_application_days": 5}
    )


def _submitted(rmt, staff, name: str, days_ago: int) -> Application:
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    type(candidate).objects.filter(pk=candidate.pk).update(full_name=name)
    application_submit(application=application, actor=candidate)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return application


def _lsscp_submitted(lsscp, name: str, days_ago: int) -> Application:
    candidate = UserFactory(full_name=name, roles=[Role.CANDIDATE])
    application = application_start(candidate=candidate, program=lsscp)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return application


def test_the_late_link_lists_exactly_the_applications_past_their_own_target(
    rmt, lsscp, staff, client
):
    target = lsscp.target_application_days
    assert target > 8  # LSSCP's target is not RMT's
    _submitted(rmt, staff, "Robin Late", days_ago=7)  # past RMT's 5 days
    _submitted(rmt, staff, "Sam Early", days_ago=2)
    _lsscp_submitted(lsscp, "Lee Waiting", days_ago=7)  # within LSSCP's target
    _lsscp_submitted(lsscp, "Kim Overdue", days_ago=target + 1)
    client.force_login(staff)
    home = client.get("/staff/").text
    link = re.search(r'href="([^"]*)"[^>]*>[^<]*waiting at least their program', home)
    assert link, "the late link"
    url = link.group(1).replace("&amp;", "&")
    assert url.startswith(reverse("applications:queue"))
    listed = client.get(url).text
    assert "2 applications, oldest first" in listed
    assert "Robin Late" in listed
    assert "Kim Overdue" in listed
    assert "Sam Early" not in listed
    assert "Lee Waiting" not in listed
    assert 'name="late" id="id_late" checked' in listed  # the filter shown as set


def test_candidates_are_refused_the_late_list_like_the_rest_of_the_queue(rmt, client):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert client.get(f"{reverse('applications:queue')}?late=on").status_code == 403
