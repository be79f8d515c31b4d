"""Every candidate page on a 320 px phone and a 1280 px desktop, with realistic data (jobs, an
open invoice and a paid one, a portfolio and one not met for good, a provider's invitation, a
scholarship award, CE activities, a certificate): nothing scrolls sideways, axe-core finds no
serious problem, every target is large enough (WCAG 2.5.8), and on the phone nothing is cut off
with a reader's wider text spacing (WCAG 1.4.12). The menu button, the eligibility panel (with a
keyboard walk: focus visible and never hidden under it) and the wallet offer are tried at phone
width (ADR 0038)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice
from certify.portfolios.models import Portfolio
from certify.portfolios.services import portfolio_open, response_save
from certify.programs.models import Program
from certify.progress.services import electives_choose, plan_ensure, route_choose

from .conftest import overflow
from .wcag22 import tab_through, text_spaced_problems

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def people(site_url) -> dict[str, list[str]]:
    """Candidates at several stages, and the pages each of them has."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)

    draft = Application.objects.get(candidate__email="draft@example.org")
    invoice = enrollment_invoice_get_or_create(user=draft.candidate, program=program, actor=staff)

    enrolled = Application.objects.get(candidate__email="candidate@example.org")
    plan_ensure(application=enrolled)
    electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    planned = enrolled.planned_sets.get(competency_set__code="CT")
    route_choose(planned=planned, actor=enrolled.candidate, route="portfolio")
    portfolio = portfolio_open(planned=planned, actor=enrolled.candidate)
    first = portfolio.responses.order_by("competency__order").first()
    response_save(
        response=first,
        actor=enrolled.candidate,
        narrative="At the circulation desk I explain our borrowing rules to new patrons, "
        "in plain words, and check that they understood. " * 3,
    )
    # A set whose portfolio was not met for good: its route form offers what is left and says
    # why Portfolio is gone (a status written as the verdict would leave it).
    failed = enrolled.planned_sets.get(competency_set__code="FLS")
    route_choose(planned=failed, actor=enrolled.candidate, route="portfolio")
    Portfolio.objects.filter(pk=portfolio_open(planned=failed, actor=enrolled.candidate).pk).update(
        status=Portfolio.Status.FAILED
    )
    # A provider's invitation to a course (the course providers page) and an SSD award for the
    # draft candidate, waiting for their application to be accepted (the scholarships page).
    demo_courses_create(program=program, staff=staff)
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    paid = Invoice.objects.get(user=enrolled.candidate, payments__isnull=False)
    rejected = Application.objects.get(candidate__email="rejected@example.org")
    common = [
        "/account/",
        "/notifications/",
        "/payments/",
        "/scholarships/",
        "/memberships/",
        "/account/invitations/",
    ]
    return {
        "draft@example.org": [
            *common,
            f"/applications/{draft.pk}/",
            f"/payments/invoices/{invoice.code}/",
            "/account/privacy/",
        ],
        "candidate@example.org": [
            *common,
            f"/applications/{enrolled.pk}/",
            "/plan/",
            f"/portfolios/{planned.pk}/",
            "/plan/providers/",
            paid.get_absolute_url(),
        ],
        renewing.holder.email: [*common, "/plan/", "/certificates/", "/renewal/"],
        "rejected@example.org": ["/account/", f"/applications/{rejected.pk}/"],
    }


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_candidate_page_fits_the_screen_and_is_accessible(
    open_page: Callable[..., Page],
    sign_in,
    people,
    size,
    screenshot,
    assert_accessible,
    console_errors,
):
    options = PHONE if size == "phone" else DESKTOP
    too_wide: dict[str, int] = {}
    text_spacing: dict[str, list[str]] = {}
    for email, paths in people.items():
        page = open_page(**options)
        sign_in(page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None, path
            assert response.status == 200, path
            if extra := overflow(page):
                too_wide[f"{email} {path}"] = extra
            name = path.strip("/").replace("/", "-")
            screenshot(page, f"candidate-{size}-{email.split('@')[0]}-{name}")
            assert_accessible(page)
            if size == "phone" and (problems := text_spaced_problems(page)):
                text_spacing[f"{email} {path}"] = problems
    assert too_wide == {}, f"pages that scroll sideways at {size} width (px too wide): {too_wide}"
    assert text_spacing == {}, (
        f"with wider text spacing at {size} width (WCAG 1.4.12): {text_spacing}"
    )
    assert console_errors == []


def test_the_menu_button_opens_and_closes_the_navigation_on_a_phone(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    page = open_page(**PHONE)
    sign_in(page, "candidate@example.org")
    header = page.locator(".site-header__inner")
    box = header.bounding_box()
    assert box is not None
    # The brand and the button on one row (the header used to wrap into five rows of links).
    assert box["height"] < 80, box
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Your plan")).to_be_visible()
    expect(nav.get_by_role("link", name="Your certificates")).to_have_count(0)  # not certified
    assert overflow(page) == 0
    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav).to_be_hidden()

    # By keyboard through the open menu: each link's focus shows with 3:1 on the blue header.
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    problems = tab_through(page, 8)
    assert problems == [], "\n".join(problems)
    expect(nav.locator(":focus")).to_have_count(1)


def test_without_javascript_the_navigation_is_a_plain_list(browser, site_url, people):
    context = browser.new_context(
        base_url=site_url, java_script_enabled=False, viewport=PHONE["viewport"]
    )
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()
        assert overflow(page) == 0
    finally:
        context.close()


def test_the_eligibility_panel_stays_in_view_while_adding_a_job_on_a_phone(
    open_page: Callable[..., Page], sign_in, people
):
    page = open_page(**PHONE)
    sign_in(page, "draft@example.org")
    page.goto(next(p for p in people["draft@example.org"] if p.startswith("/applications/")))
    new_job = page.locator(".panel--new")
    new_job.scroll_into_view_if_needed()
    page.locator(".panel--new input[type=text]").first.focus()
    panel = page.locator("#eligibility")
    expect(panel).to_be_in_viewport()
    # Above the form it reports on, never below the Submit button.
    panel_box = panel.bounding_box()
    submit_box = page.get_by_role("link", name="Check your answers and submit").bounding_box()
    assert panel_box is not None
    assert submit_box is not None
    assert panel_box["y"] < submit_box["y"]
    # The field being typed in is not hidden under it (WCAG 2.4.11).
    field = page.locator(".panel--new input[type=text]").first.bounding_box()
    assert field is not None
    assert field["y"] >= panel_box["y"] + panel_box["height"] - 1
    # By keyboard from the top, every control is shown focused, with an indicator of 3:1, and
    # none is hidden under the panel when it has the focus (WCAG 2.4.7, 1.4.11, 2.4.11).
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    problems = tab_through(page, 200)
    assert problems == [], "\n".join(problems)


def test_the_wallet_offer_fits_a_phone(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    """The offer's QR code is whole on a 320 px screen (it was 320 px wide inside a figure's
    40 px margins: cut off, and the page scrolled sideways)."""
    holder = next(email for email, paths in people.items() if "/renewal/" in paths)
    page = open_page(**PHONE)
    sign_in(page, holder)
    page.goto("/certificates/")
    page.get_by_role("button", name="Add to a digital wallet").first.click()
    qr = page.get_by_role("img", name=re.compile("QR code of the wallet offer"))
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["viewport"]["width"], box
    assert overflow(page) == 0
    assert_accessible(page)


def test_a_set_whose_portfolio_is_gone_is_chosen_by_keyboard_on_a_phone(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    """The route form of a set whose portfolio was not met for good, at 390 and 320 px: reached
    and shown focused by keyboard, the note why Portfolio is gone inside its group; sent with
    nothing chosen, the browser says so at the choices (the server's message stood at the top of
    the plan, above every set, and named none)."""
    failed = Application.objects.get(candidate__email="candidate@example.org").planned_sets.get(
        competency_set__code="FLS"
    )
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "candidate@example.org")
    page.goto("/plan/")
    row = page.locator(f"#set-{failed.pk}")
    expect(row.get_by_role("group", name="How will you show it?")).to_contain_text(
        "Portfolio is no longer offered"
    )
    for width, height in ((390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert overflow(page) == 0, f"/plan/ scrolls sideways at {width} px"
        assert_accessible(page)
    row.get_by_role("radio").first.focus()
    problems = tab_through(page, 1)  # to its Save button, seen focused
    assert problems == [], problems
    expect(row.get_by_role("button", name=re.compile("^Save my choice"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.get_by_role("radio").first).to_have_js_property("validity.valueMissing", True)
    assert page.url.endswith("/plan/")  # not sent
