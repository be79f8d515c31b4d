"""A new user on a 320 px phone, making the mistakes people make, in chromium with axe-core.

She signs up with passwords that do not match (what she typed stays, the error says what to do),
confirms her e-mail, records a membership with a date already past, starts her application and
adds a job that ends before it starts: each refusal is said beside its field, in her terms, the
form keeps what she typed, and no page scrolls sideways. Without JavaScript at 390 and 320 px, a
competency's response saved from a page left open after the portfolio was submitted comes back
(400) as typed, the refusal beside it and in the summary the page lands on, axe-core clean.

The rest of the journey's pages (pay, plan, portfolio, certificate, verification, renewal) are
walked at 320 px by test_journey.py's phone steps and test_phone_walks*.py.
"""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.portfolios.models import Portfolio, Response
from tests.workflow import force_status

from .conftest import (
    assert_stylesheet_applied,
    assert_targets_large_enough,
    axe_violations,
    describe_violations,
    overflow,
)
from .test_form_errors import ENROLLED, enrolled  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
NAME, EMAIL, PASSWORD = "Rosa Bianchi", "rosa.bianchi@example.org", "returns-desk-2026"


def _reads_well(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    assert overflow(page) == 0, f"{page.url} scrolls sideways"
    assert_accessible(page)


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_new_user_on_a_phone_is_told_what_to_fix_and_keeps_what_she_typed(
    open_page: Callable[..., Page], assert_accessible, console_errors
):
    page = open_page(**PHONE)
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD + "x")
    _submit(page, "Sign up")
    main = page.locator("main")
    expect(main).to_contain_text("same password")
    expect(page.locator("#id_full_name")).to_have_value(NAME)
    expect(page.locator("#id_email")).to_have_value(EMAIL)
    _reads_well(page, assert_accessible)

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    _submit(page, "Sign up")
    expect(main).to_contain_text(f"We sent a link to confirm {EMAIL}")
    _reads_well(page, assert_accessible)
    message = next(m for m in mail.outbox if m.to == [EMAIL])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    _reads_well(page, assert_accessible)
    _submit(page, "Confirm")
    expect(main).to_contain_text(f"You are signed in as {NAME}")
    _reads_well(page, assert_accessible)

    # A membership whose date has passed: said beside the date, the number kept.
    page.goto("/memberships/add/?organisation=SSD")
    page.get_by_label("Member number").fill("SSD-2207")
    page.get_by_label("Valid until").fill("2020-06-30")
    _submit(page, "Save membership")
    date = page.get_by_label("Valid until")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(main).to_contain_text(
        "This date has passed: enter the date your current membership ends"
    )
    expect(page.get_by_label("Member number")).to_have_value("SSD-2207")
    _reads_well(page, assert_accessible)

    # A job that ends before it starts: said beside the end date, the rest kept.
    page.goto("/apply/")
    _reads_well(page, assert_accessible)
    _submit(page, "Start my application")
    page.locator("#id_new-library_name").fill("Riverside Public Library")
    page.locator("#id_new-library_type").select_option(label="Public")
    page.locator("#id_new-role").fill("Library assistant")
    page.locator("#id_new-start_date").fill("2025-03-01")
    page.locator("#id_new-end_date").fill("2024-12-31")
    page.locator("#id_new-hours_mode_0").check()
    page.locator("#id_new-hours_per_week").fill("20")
    page.get_by_role("button", name="Add this job").click()
    end = page.locator("#id_new-end_date")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_new-library_name")).to_have_value("Riverside Public Library")
    expect(page.locator("#id_new-role")).to_have_value("Library assistant")
    _reads_well(page, assert_accessible)
    assert [e for e in console_errors if "status of 400" not in e] == []


@pytest.mark.parametrize("width", [390, 320])
def test_without_javascript_a_refused_response_comes_back_as_typed_on_a_phone(
    browser,
    site_url,
    enrolled,  # noqa: F811  (the fixture imported above)
    width,
):
    competency_page, response_id = enrolled
    context = browser.new_context(
        base_url=site_url,
        java_script_enabled=False,
        viewport={"width": width, "height": 740},
    )
    try:
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(ENROLLED[0])
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        page.goto(competency_page)
        # Submitted in another tab meanwhile: this page's Save can no longer be taken.
        portfolio = Response.objects.get(pk=response_id).portfolio
        force_status(portfolio, Portfolio.Status.SUBMITTED)
        typed = "I answer patrons' questions at the desk & by e-mail."
        box = page.locator(f"#narrative-{response_id}")
        box.fill(typed)
        with page.expect_navigation():
            page.locator("form", has=box).get_by_role("button", name=re.compile("^Save")).click()
        assert page.url.endswith(f"#narrative-{response_id}-errors")
        expect(box).to_have_value(typed)
        expect(box).to_have_attribute("aria-invalid", "true")
        beside = page.locator(f"#narrative-{response_id}-error")
        expect(beside).to_contain_text("Wait for the reviewers' decision")
        summary = page.locator(f"#narrative-{response_id}-errors")
        expect(summary.get_by_role("link")).to_have_attribute("href", f"#narrative-{response_id}")
        assert Response.objects.get(pk=response_id).narrative != typed
        _walked_as_it_came(browser, site_url, page, width)
    finally:
        context.close()


def _walked_as_it_came(browser, site_url: str, page: Page, width: int) -> None:
    """Checks need a script of their own, which a context without JavaScript does not run: the
    page as it came (its own scripts taken out, so it stays as a browser without JavaScript
    shows it) is served again at its address to a context that runs them, and checked there."""
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    address = page.url.split("#")[0]
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 740})
    try:
        viewer = context.new_page()
        viewer.route(
            address,
            lambda route: route.fulfill(
                status=200, body=html, content_type="text/html; charset=utf-8"
            ),
        )
        viewer.goto(page.url)
        assert overflow(viewer) == 0, f"the refused page scrolls sideways at {width} px"
        assert_stylesheet_applied(viewer)
        blocking = [v for v in axe_violations(viewer) if v["impact"] in {"serious", "critical"}]
        assert not blocking, describe_violations(page.url, blocking)
        assert_targets_large_enough(viewer)
    finally:
        context.close()
