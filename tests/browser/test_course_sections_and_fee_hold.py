"""On a phone (ADR 0009): the staff course page of a course under review, each decision form in
its own region named by its heading, and the provider's courses page with a fee on hold while
program staff suspended the provider, at 1280, 390 and 320 px (axe-core clean, large enough
targets, no sideways scrolling)."""

import pytest
from playwright.sync_api import expect

from certify.accounts.models import User
from certify.courses.api import provider_approval_suspend
from certify.courses.models import Provider
from certify.loaddata.demo.courses import demo_courses_create
from certify.programs.models import CompetencySet, Program
from tests.courses.test_course_fee_holds import _first


@pytest.fixture
def provider(site_url) -> Provider:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    return provider


def test_the_staff_course_page_and_a_fee_on_hold_on_a_phone(
    open_page, sign_in, workspace_step, provider
):
    cset = CompetencySet.objects.get(
        program__slug="lsscp", code="CT", framework_version__status="published"
    )
    person = User.objects.get(email="provider@example.org")
    course = _first(provider, person, cset, title="Story Time for Every Age")
    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/courses/{course.pk}/")
    for name, button in (
        ("Evaluate against the rubric", "Record my evaluation"),
        ("Decide", "Record the decision"),
    ):
        region = page.get_by_role("region", name=name, exact=True)
        expect(region.get_by_role("button", name=button)).to_be_visible()
    workspace_step(page, "staff-course-under-review")

    provider_approval_suspend(
        provider=provider,
        actor=User.objects.get(email="staff@example.org"),
        reason="The instructors named are no longer teaching.",
    )
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/")
    row = page.locator("tr", has_text="Story Time for Every Age")
    expect(row).to_contain_text("on hold. Not payable now: program staff suspended")
    workspace_step(page, "provider-fee-on-hold")
