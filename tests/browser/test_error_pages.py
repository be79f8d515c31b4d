"""The error pages (403, 404, 429, 500) on the live server (DEBUG off, as in production) at a
320 px phone and a 1280 px desktop, and a refused form token and a 413 at 320 px: the site's
look (its stylesheet applied), a way home and the program's contact, nothing scrolling
sideways, and no serious axe-core violation."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from playwright.sync_api import Page, expect

from certify.programs.contact import program_contact_forget
from certify.settings import base

from .conftest import overflow

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = [pytest.param(PHONE, id="320px"), pytest.param(DESKTOP, id="1280px")]


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    program_contact_forget()
    yield
    cache.clear()
    program_contact_forget()


def check(page: Page, status: int, heading: str, assert_accessible, screenshot, name: str) -> None:
    assert not django_settings.DEBUG  # the pages people see, not Django's debug pages
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.get_by_role("link", name="Go to the home page")).to_have_attribute("href", "/")
    expect(page.get_by_role("link", name="lsscp@certify.invalid")).to_be_visible()
    assert overflow(page) == 0, f"the {status} page scrolls sideways"
    assert_accessible(page)
    screenshot(page, name)


@pytest.mark.parametrize("size", SIZES)
def test_404(open_page, assert_accessible, screenshot, size):
    page = open_page(**size)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    check(page, 404, "We could not find that page", assert_accessible, screenshot, "error-404")


@pytest.mark.parametrize("size", SIZES)
def test_403(open_page, sign_in, assert_accessible, screenshot, size):
    page = open_page(**size)
    sign_in(page, "candidate@example.org")
    response = page.goto("/staff/audit/")
    assert response.status == 403
    check(page, 403, "You are not allowed", assert_accessible, screenshot, "error-403")


@pytest.mark.parametrize("size", SIZES)
def test_429(open_page, assert_accessible, screenshot, settings, size, one_rate_window):
    settings.PAGE_RATES = {**base.PAGE_RATES, "pages": "1/m"}
    page = open_page(**size)
    page.goto("/no-such-page/")
    response = page.goto("/programs/")
    assert response.status == 429
    check(page, 429, "Please wait a moment", assert_accessible, screenshot, "error-429")


@pytest.mark.parametrize("size", SIZES)
def test_500(open_page, assert_accessible, screenshot, monkeypatch, size):
    from certify.certificates import views

    def broken(*args, **kwargs):
        raise ValueError("a bug, for the test")

    monkeypatch.setattr(views.selectors, "certificate_for_verification", broken)
    page = open_page(**size)
    response = page.goto("/verify/LSSCP-2026-000001/")
    assert response.status == 500
    check(page, 500, "Something went wrong", assert_accessible, screenshot, "error-500")
    assert "lost" not in page.content()


def test_a_refused_form_token_on_a_phone(open_page, assert_accessible, screenshot):
    """Django's CSRF page replaced: a form sent after the cookies were lost (another tab signed
    out, cookies blocked) says what happened and what to do, in the site's layout."""
    page = open_page(**PHONE)
    page.goto("/accounts/login/")
    page.context.clear_cookies()
    page.locator("#id_login").fill("candidate@example.org")
    page.locator("#id_password").fill("certify-demo-2026")
    with page.expect_response(lambda r: r.url.endswith("/accounts/login/")) as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 403
    check(page, 403, "This form has expired", assert_accessible, screenshot, "error-csrf")
    expect(page.locator("main")).to_contain_text("reload the page")


def test_413_on_a_phone(open_page, assert_accessible, screenshot, settings):
    """What was sent and the limit, in words, and that going back usually keeps what was typed."""
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 200
    page = open_page(**PHONE)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("candidate@example.org")
    page.locator("#id_password").fill("x" * 400)
    with page.expect_response(lambda r: r.url.endswith("/accounts/login/")) as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 413
    check(page, 413, "What you sent is too large", assert_accessible, screenshot, "error-413")
    expect(page.locator("main")).to_contain_text("Go back")
