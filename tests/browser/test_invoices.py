"""Rejection and invoices in a real browser, at 320 px and 1280 px with axe-core (ADR 0041): a
rejected candidate reaches the reason and the appeal deadline from the navigation and sees
their invoice void; staff re-price an invoice through the warning step, and are warned before
they record a check for the fee of a withdrawn application (ADR 0052)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice
from certify.programs.models import Program

from .conftest import fits
from .test_form_errors import unexpected

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def demo(site_url) -> dict[str, object]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    draft = Application.objects.get(candidate__email="draft@example.org")
    invoice = enrollment_invoice_get_or_create(user=draft.candidate, program=program, actor=staff)
    return {"program": program, "invoice": invoice}


def follow_menu(page: Page, name: str) -> None:
    """Click a link of the main navigation, opening the menu first on a phone."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_rejected_candidate_finds_the_reason_and_the_appeal_and_a_void_invoice(
    open_page: Callable[..., Page], sign_in, demo, size, assert_accessible, console_errors
):
    rejected = Application.objects.get(candidate__email="rejected@example.org")
    invoice = Invoice.objects.get(user=rejected.candidate)
    assert invoice.status == Invoice.Status.VOID
    page = open_page(**SIZES[size])
    sign_in(page, "rejected@example.org")
    follow_menu(page, "Your application")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("The decision: not accepted")
    expect(decision).to_contain_text("The hours at the bookshop café are not library experience.")
    expect(decision).to_contain_text("give notice of appeal by")
    fits(page)
    assert_accessible(page)
    # Once only, so it asks first (ADR 0040); "No, go back" leaves nothing given.
    with page.expect_navigation():
        page.get_by_role("link", name="Give notice of appeal").click()
    expect(page.locator("h1")).to_have_text("Give notice of appeal?")
    expect(page.get_by_role("button", name="Yes, give notice of appeal")).to_be_visible()
    fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="No, go back").click()
    expect(page.locator("#decision")).to_contain_text("give notice of appeal by")

    follow_menu(page, "Payments")
    with page.expect_navigation():
        page.get_by_role("link", name=invoice.code).click()
    expect(page.locator("#invoice-void")).to_contain_text("Void")
    expect(page.locator("#invoice-void")).to_contain_text("The application was not accepted")
    expect(page.get_by_text("Awaiting payment")).to_have_count(0)
    expect(page.get_by_role("heading", name="How to pay")).to_have_count(0)
    fits(page)
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_staff_reprice_an_invoice_after_a_warning(
    open_page: Callable[..., Page], sign_in, demo, size, assert_accessible, console_errors
):
    invoice = demo["invoice"]
    page = open_page(**SIZES[size])
    sign_in(page, "staff@example.org")
    page.goto(invoice.get_absolute_url())
    expect(page.get_by_role("heading", name="Staff: void, re-price or re-issue")).to_be_visible()
    fits(page)
    assert_accessible(page)
    page.get_by_label("Corrected price").fill("325")
    page.locator("#id_reprice-reason").fill("Confirmed ALA member, no. 12345.")
    with page.expect_navigation():
        page.get_by_role("button", name="Re-price…").click()

    warning = page.locator("#confirm-warning")
    expect(warning).to_contain_text("This cannot be undone.")
    expect(warning).to_contain_text("A new invoice for $325.00 replaces it")
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.OPEN
    fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role(
            "button", name=f"Yes, void {invoice.code} and issue the corrected invoice"
        ).click()

    new = Invoice.objects.get(replaces=invoice)
    expect(page.locator("h1")).to_have_text(f"Invoice {new.code}")
    expect(page.locator("#invoice-replaces")).to_contain_text(invoice.code)
    fits(page)
    assert_accessible(page)

    candidate = open_page(**SIZES[size])
    sign_in(candidate, "draft@example.org")
    candidate.goto(invoice.get_absolute_url())
    expect(candidate.locator("#invoice-void")).to_contain_text(
        f"Void — replaced by invoice {new.code}"
    )
    with candidate.expect_navigation():
        candidate.get_by_role("link", name=f"invoice {new.code}").first.click()
    expect(candidate.locator("h1")).to_have_text(f"Invoice {new.code}")
    expect(candidate.get_by_text("$325.00").first).to_be_visible()
    fits(candidate)
    assert_accessible(candidate)
    assert console_errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_staff_are_warned_before_recording_a_check_for_a_withdrawn_applications_fee(
    open_page: Callable[..., Page], sign_in, demo, size, assert_accessible, console_errors
):
    invoice = demo["invoice"]
    Application.objects.filter(candidate=invoice.user).update(status=Application.Status.WITHDRAWN)
    page = open_page(**SIZES[size])
    sign_in(page, "staff@example.org")
    page.goto(invoice.get_absolute_url())
    warning = page.locator("#payment-concern")
    expect(warning).to_contain_text("Before you record a payment:")
    expect(warning).to_contain_text("which they withdrew")
    fits(page)
    assert_accessible(page)
    page.get_by_label("Reference").fill("Check 31")
    with page.expect_navigation():
        page.get_by_role("button", name="Record payment").click()
    expect(page.locator("#payment-errors")).to_contain_text("Confirm that you record it")
    expect(page.get_by_label("Reference")).to_have_value("Check 31")
    assert not invoice.payments.exists()
    fits(page)
    assert_accessible(page)
    page.get_by_label("Record it all the same").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text(f"recorded on {invoice.code}")).to_be_visible()
    assert invoice.payments.count() == 1
    assert unexpected(console_errors) == []  # the refused form's own 400 aside
