"""Before anything that cannot be taken back (ADR 0040), at 320 px and 1280 px, axe-core clean
and without sideways scrolling: "Check your answers" warns about a supervisor's confirmation
still pending; withdrawing asks first and "No, go back" changes nothing; a removed job comes
back with "Undo"."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications import services
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.programs.models import Program

from .conftest import fits

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
DRAFT = "draft@example.org"


@pytest.fixture
def draft(site_url) -> Application:
    """Ravi's draft (one job, its supervisor named), with the supervisor asked and not yet
    answering."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    application = Application.objects.get(candidate__email=DRAFT)
    entry = application.experience.get()
    services.supervisor_request(entry=entry, actor=application.candidate)
    return application


def click_to(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("size", SIZES)
def test_check_your_answers_warns_about_a_pending_supervisor_confirmation(
    open_page: Callable[..., Page], sign_in, draft, size, assert_accessible, console_errors
):
    page = open_page(**SIZES[size])
    sign_in(page, DRAFT)
    page.goto(draft.get_absolute_url())
    click_to(page, page.get_by_role("link", name="Check your answers and submit"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    expect(page.get_by_role("term").filter(has_text="Circulation assistant")).to_be_visible()
    warning = page.locator("#pending-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Pat Lee has not yet confirmed your hours")
    expect(
        page.get_by_role("button", name="Submit without the pending confirmation")
    ).to_be_visible()
    fits(page)
    assert_accessible(page)
    # "Change" leads back to where the job is edited.
    click_to(page, page.get_by_role("link", name="Change Circulation assistant").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    assert console_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_withdrawing_asks_for_confirmation(
    open_page: Callable[..., Page], sign_in, draft, size, assert_accessible
):
    page = open_page(**SIZES[size])
    sign_in(page, DRAFT)
    page.goto(draft.get_absolute_url())
    # Not a button beside Submit: a link, apart, to a page that asks.
    expect(page.get_by_role("button", name="Withdraw this application")).to_have_count(0)
    click_to(page, page.get_by_role("link", name="Withdraw this application"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    expect(page.locator(".warning-callout")).to_contain_text("You cannot submit it again")
    expect(page.get_by_role("button", name="Yes, withdraw my application")).to_be_visible()
    fits(page)
    assert_accessible(page)
    click_to(page, page.get_by_role("link", name="No, go back"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT

    click_to(page, page.get_by_role("link", name="Withdraw this application"))
    click_to(page, page.get_by_role("button", name="Yes, withdraw my application"))
    expect(page.get_by_text("Your application is withdrawn.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("size", SIZES)
def test_a_removed_job_comes_back_with_undo(
    open_page: Callable[..., Page], sign_in, draft, size, assert_accessible
):
    page = open_page(**SIZES[size])
    sign_in(page, DRAFT)
    page.goto(draft.get_absolute_url())
    click_to(page, page.get_by_role("link", name="Remove this job").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove “Circulation assistant")
    fits(page)
    assert_accessible(page)
    click_to(page, page.get_by_role("button", name="Yes, remove this job"))
    expect(page.get_by_text("You removed “Circulation assistant")).to_be_visible()
    expect(page.get_by_text("No jobs yet.")).to_be_visible()
    fits(page)
    assert_accessible(page)
    click_to(page, page.get_by_role("button", name="Undo"))
    expect(page.get_by_text("is back on your application")).to_be_visible()
    expect(page.locator(f"#id_e{draft.experience.get().pk}-role")).to_have_value(
        "Circulation assistant"
    )
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)  # single use
