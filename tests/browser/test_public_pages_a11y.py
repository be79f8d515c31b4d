"""The public pages, sign-in, sign-up and the account pages in a real browser: no serious
accessibility problem (axe-core, WCAG 2.2 AA), usable by keyboard alone and on a phone."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import ProgramFactory

from .conftest import fits
from .wcag22 import tab_through

PUBLIC_PAGES = [
    "/",
    "/programs/lsscp/competencies/",
    "/programs/lsscp/competencies/fls/",
    "/programs/lsscp/ways-to-show-competence/",
    "/programs/lsscp/who-can-apply/",
    "/programs/lsscp/costs/",
    "/programs/lsscp/faq/",
    "/programs/lsscp/job-requirements/",
    "/programs/lsscp/job-requirements/?sets=FLS&sets=YTH&level=required",
    "/accounts/login/",
    "/accounts/signup/",
    "/courses/",
    "/verify/",
    "/register/",
    "/register/?name=pat+smith",  # a search (the demo lists nobody unless they opt in)
]
SIGNED_IN_PAGES = [
    ("/account/", "candidate@example.org"),
    ("/account/tokens/", "candidate@example.org"),
    ("/apply/", "candidate@example.org"),
    ("/plan/", "candidate@example.org"),
    ("/notifications/", "candidate@example.org"),
    ("/scholarships/", "candidate@example.org"),
    ("/account/people/", "staff@example.org"),
    ("/staff/applications/", "staff@example.org"),
    ("/staff/audit/", "staff@example.org"),
    ("/staff/portfolios/", "staff@example.org"),
    ("/review/", "reviewer@example.org"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violations(
    page: Page, path, assert_accessible, screenshot, console_errors
):
    response = page.goto(path)
    assert response is not None
    assert response.status == 200
    screenshot(page, slug(path))
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize(("path", "email"), SIGNED_IN_PAGES)
def test_signed_in_page_has_no_serious_accessibility_violations(
    page: Page, path, email, sign_in, assert_accessible, screenshot, console_errors
):
    sign_in(page, email)
    response = page.goto(path)
    assert response is not None
    assert response.status == 200
    screenshot(page, slug(path))
    assert_accessible(page)
    assert console_errors == []


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(page: Page):
    page.goto("/")

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the focused skip link must be on screen"

    page.keyboard.press("Enter")

    expect(page.locator("#main")).to_be_focused()
    # On through the main content and the footer: every stop's focus shows with 3:1 and is not
    # hidden (WCAG 2.4.7, 1.4.11, 2.4.11).
    problems = tab_through(page, 60)
    assert problems == [], "\n".join(problems)


def test_sign_up_by_keyboard_alone_reaches_check_your_email(
    page: Page, assert_accessible, screenshot, console_errors
):
    page.goto("/accounts/signup/")

    for _ in range(30):  # past the skip link, the header and the "sign in" link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "full_name":
            break
    else:
        pytest.fail("Tab never reached the Full name field")
    for name, text in [
        ("full_name", "Ada Keyboard"),
        ("email", "ada.keyboard@example.org"),
        ("password1", "tabbed-through-2026"),
        ("password2", "tabbed-through-2026"),
    ]:
        assert page.evaluate("document.activeElement.name") == name
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign up")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    # Only the sign-up's verification e-mail went to the new address (demo data sends others).
    assert [m.to for m in mail.outbox if "ada.keyboard@example.org" in m.to] == [
        ["ada.keyboard@example.org"]
    ]
    screenshot(page, "signup-verify-email")
    assert_accessible(page)
    assert console_errors == []


def test_public_pages_fit_a_phone_screen_without_sideways_scrolling(
    open_page: Callable[..., Page], screenshot: Callable[[Page, str], Path]
):
    page = open_page(**PHONE)
    too_wide = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        screenshot(page, f"phone-{slug(path)}")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["viewport"]["width"]:
            too_wide[path] = width

    assert too_wide == {}, f"pages wider than a 390 px phone screen: {too_wide}"


def test_an_employer_writes_job_requirements_by_checking_sets(page: Page, workspace_step):
    """The page at 1280, 390 and 320 px (axe-core clean, no sideways scrolling): the form, the
    text, and a choice refused with what was checked kept."""
    page.goto("/programs/lsscp/")
    page.get_by_role("link", name="write job requirements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write job requirements")
    workspace_step(page, "job-requirements")

    page.get_by_label("Technology").check()
    page.get_by_label("Youth Services").check()
    page.get_by_label("Required").check()
    page.get_by_role("button", name="Write the job requirements").click()

    page.wait_for_url(re.compile(r"sets=TEC&sets=YTH&level=required$"))
    text = page.locator(".job-requirements__text")
    expect(text).to_contain_text("Library Support Staff Certification (LSSCP) required.")
    expect(text.get_by_role("heading", level=3)).to_have_text(["Technology", "Youth Services"])
    expect(page.get_by_label("Technology")).to_be_checked()
    expect(page.get_by_role("link", name="download it as a text file")).to_be_visible()
    workspace_step(page, "job-requirements-text")

    response = page.goto("/programs/lsscp/job-requirements/?sets=TEC&sets=NOPE")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("LSSCP has no competency set “NOPE”.")
    expect(page.get_by_label("Technology")).to_be_checked()
    workspace_step(page, "job-requirements-refused")


@pytest.mark.parametrize("width", [390, 320])
def test_the_frameworks_list_of_two_programs_reads_on_a_phone(
    open_page, sign_in, assert_accessible, console_errors, width
):
    """The staff menu's "Competency frameworks" lists the programs when there are two."""
    ProgramFactory(slug="rmt", name="Records Management Technician", short_name="RMT")
    page = open_page(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    response = page.goto("/staff/programs/frameworks/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Competency frameworks")
    expect(page.get_by_role("link", name="Records Management Technician")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert console_errors == []
