"""A staff decision on a course or provider asks who may decide first, then whether it changed
since its decider read it, then whether its status allows the move (`require_unchanged`,
ADR 0009, ADR 0022): a provider's own member with a stale stop form is told it is her own
case, not that it changed; staff outside the provider with a stale form read "changed" where
the move is still allowed, and the workflow's words for a page out of date (ADR 0018) where a
colleague's move left nothing to do; a fresh form is judged on its status. On the page and
through the API alike."""

from datetime import timedelta

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import services
from certify.courses.models import Course, Provider, ProviderMembership
from tests.courses.test_courses import ready
from tests.factories import UserFactory

REASON = "The instructors named are no longer teaching it."
OWN_CASE = "You cannot decide your own case: ask another staff member."
COURSE_CHANGED = "This course changed after you opened the page"
PROVIDER_CHANGED = "This provider changed after you opened the page"
ALREADY_SUSPENDED = "This course is already “Approval suspended by program staff”"
NOT_ALLOWED = "You are not allowed to make this change: only program staff"

COURSE_STOPS = {
    "suspend": services.course_approval_suspend,
    "revoke": services.course_approval_revoke,
    "reinstate": services.course_approval_reinstate,
}
PROVIDER_STOPS = {
    "suspend": services.provider_approval_suspend,
    "revoke": services.provider_approval_revoke,
    "reinstate": services.provider_approval_reinstate,
}


@pytest.fixture
def member(provider):
    """Program staff who also act for the provider (its own case, whatever her other roles)."""
    person = UserFactory(full_name="Lee Member", roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    ProviderMembership.objects.create(provider=provider, user=person)
    return person


@pytest.fixture
def colleague(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


def _stale(subject) -> object:
    return subject.updated_at - timedelta(seconds=5)


def _course_status(course) -> str:
    course.refresh_from_db()
    return course.status


# --- Course stops --------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["suspend", "revoke", "reinstate"])
def test_a_providers_member_with_a_stale_course_form_is_told_it_is_her_own_case(
    course, member, staff, action
):
    if action == "reinstate":
        services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    course.refresh_from_db()
    before = course.status
    with pytest.raises(DomainError) as refused:
        COURSE_STOPS[action](
            course=course, actor=member, reason=REASON, updated_at_seen=_stale(course)
        )
    assert str(refused.value.message) == OWN_CASE
    assert _course_status(course) == before


@pytest.mark.parametrize("action", ["suspend", "revoke", "reinstate"])
def test_outside_staff_with_a_stale_course_form_read_changed(course, staff, colleague, action):
    if action == "reinstate":
        services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    course.refresh_from_db()
    before = course.status
    with pytest.raises(DomainError, match=COURSE_CHANGED):
        COURSE_STOPS[action](
            course=course, actor=colleague, reason=REASON, updated_at_seen=_stale(course)
        )
    assert _course_status(course) == before


def test_a_stale_form_whose_move_a_colleague_made_reads_the_workflows_stale_words(
    course, staff, colleague
):
    """Her suspend form was opened before a colleague suspended it: the workflow's words for a
    page out of date, saying where the course is now (ADR 0018), as a fresh form would read."""
    seen = course.updated_at
    services.course_approval_suspend(course=course, actor=colleague, reason=REASON)
    with pytest.raises(StatusMovedOnError) as refused:
        services.course_approval_suspend(
            course=course, actor=staff, reason=REASON, updated_at_seen=seen
        )
    assert refused.value.message == f"{ALREADY_SUSPENDED}: the page you used was out of date."
    course.refresh_from_db()
    with pytest.raises(StatusMovedOnError, match=ALREADY_SUSPENDED):
        services.course_approval_suspend(
            course=course, actor=staff, reason=REASON, updated_at_seen=course.updated_at
        )
    assert course.transitions.count() == 1


def test_a_fresh_or_unsaid_course_form_from_a_member_is_her_own_case_too(course, member):
    for seen in (course.updated_at, None):
        with pytest.raises(DomainError, match=OWN_CASE):
            services.course_approval_suspend(
                course=course, actor=member, reason=REASON, updated_at_seen=seen
            )
    assert _course_status(course) == Course.Status.APPROVED


def test_the_courses_author_on_the_staff_with_a_stale_form_is_told_it_is_her_own(
    provider, provider_user, ct, staff
):
    """Who wrote the course is a party to it too (`created_by`), stale form or not."""
    author = UserFactory(roles=[Role.PROGRAM_STAFF])
    course = ready(provider, provider_user, ct)
    Course.objects.filter(pk=course.pk).update(created_by=author)
    course.refresh_from_db()
    with pytest.raises(DomainError, match=OWN_CASE):
        services.course_approve(
            course=course, actor=author, comment="", updated_at_seen=_stale(course)
        )


def test_someone_who_is_not_staff_is_refused_as_such_whatever_she_read(course, provider_user):
    with pytest.raises(DomainError, match=NOT_ALLOWED):
        services.course_approval_suspend(
            course=course, actor=provider_user, reason=REASON, updated_at_seen=_stale(course)
        )


def test_the_page_and_the_api_give_a_member_with_a_stale_form_her_own_case(
    client, course, member, colleague
):
    seen = course.updated_at.isoformat()
    services.course_approval_suspend(course=course, actor=colleague, reason=REASON)
    services.course_approval_reinstate(course=course, actor=colleague, reason="Settled.")
    client.force_login(member)
    body = {"action": "suspend", "reason": REASON, "updated_at_seen": seen}
    page = client.post(reverse("courses:staff_approval", args=[course.pk]), body)
    assert page.status_code == 400
    assert OWN_CASE in page.text
    assert COURSE_CHANGED not in page.text
    api = client.post(
        f"/api/v1/staff/courses/{course.pk}/approval", body, content_type="application/json"
    )
    assert api.status_code == 400
    assert api.json()["detail"] == OWN_CASE
    assert _course_status(course) == Course.Status.APPROVED


def test_the_api_gives_outside_staff_with_a_stale_form_where_it_is(
    client, course, colleague, staff
):
    seen = course.updated_at.isoformat()
    services.course_approval_suspend(course=course, actor=colleague, reason=REASON)
    client.force_login(staff)
    api = client.post(
        f"/api/v1/staff/courses/{course.pk}/approval",
        {"action": "suspend", "reason": REASON, "updated_at_seen": seen},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert (api.json()["detail"], api.json()["code"]) == (f"{ALREADY_SUSPENDED}.", "status_changed")


# --- Provider stops ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["suspend", "revoke", "reinstate"])
def test_a_member_with_a_stale_provider_form_is_told_it_is_her_own_case(
    provider, member, staff, action
):
    if action == "reinstate":
        services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    provider.refresh_from_db()
    before = provider.status
    with pytest.raises(DomainError) as refused:
        PROVIDER_STOPS[action](
            provider=provider, actor=member, reason=REASON, updated_at_seen=_stale(provider)
        )
    assert str(refused.value.message) == OWN_CASE
    provider.refresh_from_db()
    assert provider.status == before


@pytest.mark.parametrize("action", ["suspend", "revoke", "reinstate"])
def test_outside_staff_with_a_stale_provider_form_read_changed(provider, staff, colleague, action):
    if action == "reinstate":
        services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    provider.refresh_from_db()
    with pytest.raises(DomainError, match=PROVIDER_CHANGED):
        PROVIDER_STOPS[action](
            provider=provider, actor=colleague, reason=REASON, updated_at_seen=_stale(provider)
        )


def test_the_provider_page_and_api_give_a_member_with_a_stale_form_her_own_case(
    client, provider, member, colleague
):
    seen = provider.updated_at.isoformat()
    services.provider_approval_suspend(provider=provider, actor=colleague, reason=REASON)
    client.force_login(member)
    body = {"action": "revoke", "reason": REASON, "updated_at_seen": seen}
    page = client.post(reverse("courses:staff_provider_approval", args=[provider.pk]), body)
    assert page.status_code == 400
    assert OWN_CASE in page.text
    assert PROVIDER_CHANGED not in page.text
    api = client.post(
        f"/api/v1/staff/courses/providers/{provider.pk}/approval",
        body,
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["detail"] == OWN_CASE
    provider.refresh_from_db()
    assert provider.status == Provider.Status.SUSPENDED


def test_approving_a_pending_provider_asks_who_first_then_whether_it_changed(db, staff):
    from tests.factories import ProviderFactory

    member = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    pending = ProviderFactory(status="pending", staff=[member])
    with pytest.raises(DomainError, match=OWN_CASE):
        services.provider_approve(provider=pending, actor=member, updated_at_seen=_stale(pending))
    with pytest.raises(DomainError, match=PROVIDER_CHANGED):
        services.provider_approve(provider=pending, actor=staff, updated_at_seen=_stale(pending))
