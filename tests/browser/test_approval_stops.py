"""Program staff stop a course's approval and a provider's (ADR 0009) on a phone: the staff
course page's stop form and the provider's approval page at 390 and 320 px, axe-core clean,
without sideways scrolling; a missing choice is told beside its field, and a suspension with
its reason is recorded. A returned renewal's page, with its close form beside the stop form,
the same way."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.courses.models import Course, Provider
from certify.programs.models import CompetencySet
from tests.courses.conftest import approved_course
from tests.factories import ProviderFactory

from .conftest import fits
from .test_form_errors import unexpected

SIZES = {
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "320": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("size", SIZES)
def test_staff_stop_a_course_approval_and_walk_the_providers_page_on_a_phone(
    open_page: Callable[..., Page], site_url, sign_in, size, assert_accessible, console_errors
):
    provider = ProviderFactory(name="Riverside Community College of Library Technology")
    technology = CompetencySet.objects.get(program__slug="lsscp", code="TEC")
    course = approved_course(provider=provider, competency_set=technology)
    page = open_page(**SIZES[size])
    sign_in(page, "staff@example.org")

    page.goto(f"/staff/courses/{course.pk}/")
    expect(page.get_by_role("button", name="Record the decision")).to_be_visible()
    fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Choose suspend, revoke or reinstate.").first).to_be_visible()
    fits(page)
    assert_accessible(page)
    page.get_by_label("Suspend the approval (it can be reinstated)").check()
    page.get_by_label("Reason").fill("The provider's accreditation is under review.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The approval is suspended")).to_be_visible()
    course.refresh_from_db()
    assert course.status == Course.Status.SUSPENDED

    assert Provider.objects.get(pk=provider.pk).status == Provider.Status.APPROVED
    page.goto(f"/staff/providers/{provider.pk}/approval/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert unexpected(console_errors) == []  # the refused form's own 400 aside


@pytest.mark.parametrize("size", SIZES)
def test_staff_close_a_returned_renewal_on_a_phone(
    open_page: Callable[..., Page], site_url, sign_in, size, assert_accessible, console_errors
):
    """The returned renewal's page holds the stop form and the close form (ids kept apart)."""
    from certify.accounts.models import Role
    from tests.courses.test_renewal_fees import _renewal
    from tests.factories import UserFactory

    person = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Riverside Community College", staff=[person])
    technology = CompetencySet.objects.get(program__slug="lsscp", code="TEC")
    renewal = _renewal(provider, person, technology)
    Course.objects.filter(pk=renewal.pk).update(status=Course.Status.RETURNED)
    page = open_page(**SIZES[size])
    sign_in(page, "staff@example.org")

    page.goto(f"/staff/courses/{renewal.pk}/")
    expect(page.get_by_role("heading", name="Close the returned renewal")).to_be_visible()
    fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Close the renewal").click()
    expect(page.get_by_text("Give your comments").first).to_be_visible()
    fits(page)
    assert_accessible(page)
    page.get_by_label("Why the renewal is closed").fill("Returned in March, not sent again.")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the renewal").click()
    expect(page.get_by_text("The renewal is closed")).to_be_visible()
    assert Course.objects.get(pk=renewal.pk).status == Course.Status.APPROVED
    assert unexpected(console_errors) == []  # the refused form's own 400 aside


@pytest.mark.parametrize("size", SIZES)
def test_the_provider_reads_a_fee_on_hold_on_a_phone(
    open_page: Callable[..., Page], site_url, sign_in, size, assert_accessible, console_errors
):
    """A suspended course's renewal fee: the provider's courses page says it is on hold and
    why, beside the invoice, without sideways scrolling (ADR 0009)."""
    from certify.accounts.models import User
    from certify.courses import services
    from tests.courses.test_renewal_fees import _renewal

    person = User.objects.get(email="provider@example.org")
    provider = ProviderFactory(
        name="Riverside Community College of Library Technology", staff=[person]
    )
    technology = CompetencySet.objects.get(program__slug="lsscp", code="TEC")
    renewal = _renewal(provider, person, technology)
    staff = User.objects.get(email="staff@example.org")
    services.course_approval_suspend(course=renewal, actor=staff, reason="Under review.")
    page = open_page(**SIZES[size])
    sign_in(page, "provider@example.org")

    page.goto(f"/providers/{provider.pk}/")
    expect(page.get_by_text("on hold. Not payable now").first).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert unexpected(console_errors) == []
