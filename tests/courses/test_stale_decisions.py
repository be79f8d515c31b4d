"""A staff decision covers what its decider read: every course and provider decision form (and
its API operation) carries the `updated_at` it showed, and a course or provider changed since is
not decided unread (`require_unchanged`). Omitted (an older API client): decided as before."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import services
from certify.courses.models import Course, Provider
from tests.courses.test_courses import SCORES, pay, ready
from tests.factories import ProviderFactory, UserFactory

REASON = "The instructors named are no longer teaching it."
CHANGED = "This course changed after you opened the page: its status is now “Approved”."


def _seen_on(page: str, name: str = "updated_at_seen") -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, f"no {name} on the page"
    return found.group(1)


@pytest.fixture
def submitted(provider, provider_user, ct):
    return services.course_submit(course=ready(provider, provider_user, ct), actor=provider_user)


def test_a_page_opened_while_suspended_does_not_revoke_a_reinstated_course(client, course, staff):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    client.force_login(staff)
    page = client.get(reverse("courses:staff_course", args=[course.pk])).text
    seen = _seen_on(page)
    services.course_approval_reinstate(course=course, actor=colleague, reason="Settled.")
    url = reverse("courses:staff_approval", args=[course.pk])
    stale = client.post(url, {"action": "revoke", "reason": REASON, "updated_at_seen": seen})
    assert stale.status_code == 400
    assert CHANGED in stale.text
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED
    assert course.transitions.count() == 2  # the suspension and the reinstatement only
    # The page shown with the refusal is today's: sent again from it, the decision is taken.
    fresh = client.post(
        url, {"action": "revoke", "reason": REASON, "updated_at_seen": _seen_on(stale.text)}
    )
    assert fresh.status_code == 302
    course.refresh_from_db()
    assert course.status == Course.Status.REVOKED


def test_the_api_refuses_a_stale_stop_and_takes_a_fresh_or_unsaid_one(client, course, staff):
    client.force_login(staff)
    url = f"/api/v1/staff/courses/{course.pk}/approval"
    read = client.post(
        url, {"action": "suspend", "reason": REASON}, content_type="application/json"
    )
    seen = read.json()["updated_at"]
    services.course_approval_reinstate(
        course=course, actor=UserFactory(roles=[Role.PROGRAM_STAFF]), reason="Ok."
    )
    body = {"action": "revoke", "reason": REASON, "updated_at_seen": seen}
    stale = client.post(url, body, content_type="application/json")
    assert stale.status_code == 400
    assert CHANGED in stale.json()["detail"]
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED
    body["updated_at_seen"] = course.updated_at.isoformat()
    done = client.post(url, body, content_type="application/json")
    assert (done.status_code, done.json()["status"]) == (200, "revoked")


def test_evaluating_and_deciding_a_course_changed_since_is_refused(submitted, staff):
    old = submitted.updated_at - timedelta(seconds=5)
    with pytest.raises(DomainError, match="This course changed after you opened the page"):
        services.course_evaluate(course=submitted, actor=staff, scores=SCORES, updated_at_seen=old)
    assert not submitted.evaluations.exists()
    now = "its status is now “Submitted, being evaluated”"
    with pytest.raises(DomainError, match=now):
        services.course_approve(course=submitted, actor=staff, updated_at_seen=old)
    with pytest.raises(DomainError, match=now):
        services.course_return(course=submitted, actor=staff, reason="x", updated_at_seen=old)
    services.course_evaluate(
        course=submitted, actor=staff, scores=SCORES, updated_at_seen=submitted.updated_at
    )
    pay(submitted.fee_invoice, staff)
    submitted.refresh_from_db()
    services.course_approve(course=submitted, actor=staff, updated_at_seen=submitted.updated_at)
    submitted.refresh_from_db()
    assert submitted.status == Course.Status.APPROVED


def test_the_decide_page_and_api_refuse_a_course_returned_and_sent_again(
    client, submitted, staff, provider_user
):
    client.force_login(staff)
    page = client.get(reverse("courses:staff_course", args=[submitted.pk])).text
    seen = _seen_on(page)
    services.course_return(
        course=submitted, actor=UserFactory(roles=[Role.PROGRAM_STAFF]), reason="Map CT-3."
    )
    services.course_submit(course=Course.objects.get(pk=submitted.pk), actor=provider_user)
    url = reverse("courses:staff_decide", args=[submitted.pk])
    stale = client.post(url, {"decision": "return", "comments": "No.", "updated_at_seen": seen})
    assert stale.status_code == 400
    assert "This course changed after you opened the page: its status is now “Submitted" in (
        stale.text
    )
    evaluate = reverse("courses:staff_evaluate", args=[submitted.pk])
    scores = {f"score_{key}": "3" for key in SCORES} | {"updated_at_seen": seen}
    assert client.post(evaluate, scores).status_code == 400
    api = client.post(
        f"/api/v1/staff/courses/{submitted.pk}/decision",
        {"decision": "return", "comments": "No.", "updated_at_seen": seen},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "changed after you opened" in api.text
    assert Course.objects.get(pk=submitted.pk).transitions.count() == 3


def test_closing_a_renewal_checks_the_course_first(course, staff):
    """A course approved since (not returned): where it is now, in the workflow's words."""
    with pytest.raises(StatusMovedOnError, match="This course is already “Approved”: the page"):
        services.course_renewal_close(
            course=course,
            actor=staff,
            reason="Not sent again.",
            updated_at_seen=course.updated_at - timedelta(seconds=1),
        )


def test_a_provider_page_opened_while_suspended_does_not_revoke_it_once_reinstated(
    client, provider, staff
):
    client.force_login(staff)
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    url = reverse("courses:staff_provider_approval", args=[provider.pk])
    seen = _seen_on(client.get(url).text)
    services.provider_approval_reinstate(
        provider=provider, actor=UserFactory(roles=[Role.PROGRAM_STAFF]), reason="Cleared."
    )
    stale = client.post(url, {"action": "revoke", "reason": REASON, "updated_at_seen": seen})
    assert stale.status_code == 400
    assert (
        "This provider changed after you opened the page: its status is now “Approved”."
        in stale.text
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPROVED
    api = client.post(
        f"/api/v1/staff/courses/providers/{provider.pk}/approval",
        {"action": "revoke", "reason": REASON, "updated_at_seen": seen},
        content_type="application/json",
    )
    assert api.status_code == 400
    fresh = client.post(
        url, {"action": "revoke", "reason": REASON, "updated_at_seen": _seen_on(stale.text)}
    )
    assert fresh.status_code == 302
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REVOKED


def test_approving_a_provider_changed_since_is_refused(client, staff):
    pending = ProviderFactory(status="pending")
    client.force_login(staff)
    page = client.get(reverse("courses:staff_providers")).text
    assert f'value="{pending.updated_at.isoformat()}"' in page
    old = (pending.updated_at - timedelta(seconds=1)).isoformat()
    url = reverse("courses:staff_provider_approve", args=[pending.pk])
    refused = client.post(url, {"updated_at_seen": old}, follow=True)
    assert "its status is now “Waiting for approval by program staff”" in refused.text
    api = f"/api/v1/staff/courses/providers/{pending.pk}/approve"
    assert client.post(api, QUERY_STRING=urlencode({"updated_at_seen": old})).status_code == 400
    pending.refresh_from_db()
    assert pending.status == Provider.Status.PENDING
    done = client.post(url, {"updated_at_seen": pending.updated_at.isoformat()})
    assert done.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Provider.Status.APPROVED
