"""A suspended provider's people on a phone: their organizations, the provider's page with what
they can still do, and adding a course with its fee, at 1280, 390 and 320 px (axe-core, no
sideways scrolling, large enough targets)."""

import pytest
from playwright.sync_api import expect

from certify.accounts.models import User
from certify.courses.api import provider_approval_suspend
from certify.courses.models import Provider
from certify.loaddata.demo.courses import demo_courses_create
from certify.programs.models import Program


@pytest.fixture
def provider(site_url) -> Provider:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    return provider


def test_adding_a_course_shows_the_fee_on_a_phone(open_page, sign_in, workspace_step, provider):
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/courses/new/")
    expect(page.get_by_text("It buys four years of approval")).to_be_visible()
    workspace_step(page, "provider-course-new")


def test_a_suspended_providers_people_read_what_they_can_still_do(
    open_page, sign_in, workspace_step, provider
):
    provider_approval_suspend(
        provider=provider,
        actor=User.objects.get(email="staff@example.org"),
        reason="The instructors named are no longer teaching.",
    )
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto("/providers/")
    expect(page.get_by_text("report completions dated before the suspension")).to_be_visible()
    workspace_step(page, "provider-list-suspended")
    with page.expect_navigation():
        page.get_by_role("link", name=provider.name).click()
    expect(page.get_by_role("alert")).to_contain_text("You can still see your courses")
    workspace_step(page, "provider-suspended")
