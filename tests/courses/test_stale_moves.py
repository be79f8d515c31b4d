"""A course or provider decision sent from a page that was out of date, whose move its status no
longer allows (a colleague decided first, another tab), opens the course (or the providers) as
it is now, saying so in the engine's words (ADR 0018): program staff's decisions, evaluations and
stops, and a provider's withdrawal and submission. A page out of date whose move is still
allowed (the course changed in content, or moved and came back) reads "changed" instead
(tests/courses/test_stale_decisions.py)."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.courses import services
from certify.courses.models import Course, Provider
from tests.courses.test_courses import SCORES, ready
from tests.factories import ProviderFactory, UserFactory

RETURNED = Course.Status.RETURNED.label
REVOKED = Course.Status.REVOKED.label
SUSPENDED = Course.Status.SUSPENDED.label
SUBMITTED = Course.Status.SUBMITTED.label


def test_a_withdrawal_from_an_old_tab_opens_the_course_as_it_is_now(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    answer = client.post(reverse("courses:course_withdraw", args=[provider.pk, course.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == f"{course.get_provider_url()}#main"
    page = client.get(answer["Location"]).text
    assert (
        "This course is “Approved” now, so it cannot become “Withdrawn”: the page you used was "
        "out of date. Here is its current page."
    ) in page
    assert Course.objects.get(pk=course.pk).status == Course.Status.APPROVED


# --- Program staff's decisions ------------------------------------------------------------------

MOVED_ON = "the page you used was out of date. Here is its current page."


@pytest.fixture
def submitted(provider, provider_user, ct):
    return services.course_submit(course=ready(provider, provider_user, ct), actor=provider_user)


@pytest.fixture
def colleague(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


def _seen(subject) -> str:
    return subject.updated_at.isoformat()


def test_a_decision_from_an_old_tab_opens_the_course_as_it_is_now(
    client, submitted, staff, colleague
):
    """Returned by a colleague meanwhile: the course's page, in the engine's words, not the
    decision form refused beside it (whose status no longer offers it)."""
    seen = _seen(submitted)
    services.course_return(course=submitted, actor=colleague, reason="Map CT-3 again.")
    client.force_login(staff)
    url = reverse("courses:staff_decide", args=[submitted.pk])
    answer = client.post(url, {"decision": "approve", "comments": "", "updated_at_seen": seen})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("courses:staff_course", args=[submitted.pk]) + "#main"
    page = client.get(answer["Location"]).text
    assert f"This course is “{RETURNED}” now, so it cannot become “Approved”: {MOVED_ON}" in page
    assert Course.objects.get(pk=submitted.pk).transitions.count() == 2  # submit, return


def test_an_evaluation_from_an_old_tab_opens_the_course_as_it_is_now(
    client, submitted, staff, colleague
):
    seen = _seen(submitted)
    services.course_return(course=submitted, actor=colleague, reason="Map CT-3 again.")
    client.force_login(staff)
    scores = {f"score_{key}": "3" for key in SCORES} | {"updated_at_seen": seen}
    answer = client.post(reverse("courses:staff_evaluate", args=[submitted.pk]), scores)
    assert answer["Location"] == reverse("courses:staff_course", args=[submitted.pk]) + "#main"
    page = client.get(answer["Location"]).text
    assert f"This course is “{RETURNED}” now, so it cannot be changed this way: {MOVED_ON}" in page
    assert not submitted.evaluations.exists()


def test_a_stop_from_an_old_tab_opens_the_course_as_it_is_now(client, course, staff, colleague):
    seen = _seen(course)
    services.course_approval_revoke(course=course, actor=colleague, reason="Closed down.")
    client.force_login(staff)
    answer = client.post(
        reverse("courses:staff_approval", args=[course.pk]),
        {"action": "suspend", "reason": "Under review.", "updated_at_seen": seen},
    )
    assert answer["Location"] == reverse("courses:staff_course", args=[course.pk]) + "#main"
    page = client.get(answer["Location"]).text
    assert f"This course is “{REVOKED}” now, so it cannot become “{SUSPENDED}”" in page
    assert Course.objects.get(pk=course.pk).status == Course.Status.REVOKED


def test_a_provider_approval_from_an_old_tab_opens_the_providers_as_they_are_now(
    client, staff, colleague
):
    pending = ProviderFactory(status="pending")
    seen = _seen(pending)
    services.provider_approve(provider=pending, actor=colleague)
    client.force_login(staff)
    answer = client.post(
        reverse("courses:staff_provider_approve", args=[pending.pk]), {"updated_at_seen": seen}
    )
    assert answer["Location"] == reverse("courses:staff_providers") + "#main"
    page = client.get(answer["Location"]).text
    assert f"This provider is already “Approved”: {MOVED_ON}" in page


def test_a_provider_stop_from_an_old_tab_opens_the_providers_as_they_are_now(
    client, provider, staff, colleague
):
    seen = _seen(provider)
    services.provider_approval_revoke(provider=provider, actor=colleague, reason="Closed down.")
    client.force_login(staff)
    answer = client.post(
        reverse("courses:staff_provider_approval", args=[provider.pk]),
        {"action": "suspend", "reason": "Under review.", "updated_at_seen": seen},
    )
    assert answer["Location"] == reverse("courses:staff_providers") + "#main"
    page = client.get(answer["Location"]).text
    now, then = Provider.Status.REVOKED.label, Provider.Status.SUSPENDED.label
    assert f"This provider is “{now}” now, so it cannot become “{then}”: {MOVED_ON}" in page
    assert Provider.objects.get(pk=provider.pk).status == Provider.Status.REVOKED


# --- The provider's own pages -------------------------------------------------------------------


def test_a_submission_from_an_old_tab_opens_the_course_as_it_is_now(
    client, provider, provider_user, submitted, colleague
):
    """Sent again from a second tab once the first had sent it: where it is now."""
    client.force_login(provider_user)
    answer = client.post(reverse("courses:course_submit", args=[provider.pk, submitted.pk]))
    assert answer["Location"] == f"{submitted.get_provider_url()}#main"
    page = client.get(answer["Location"]).text
    assert f"This course is already “{SUBMITTED}”: {MOVED_ON}" in page
    assert Course.objects.get(pk=submitted.pk).transitions.count() == 1
