"""Fees right the first time, in a real browser at 320 px and 1280 px, checked with axe-core
(ADR 0042): the application's membership section (a membership named there waits for staff, and
the candidate is told the invoice waits for it), and the invoice page with the program's postal
address for checks and no card payment when card payments are off."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.memberships.models import Membership
from certify.payments.api import enrollment_invoice_get_or_create
from certify.programs.models import Program

from .conftest import overflow

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {
    "phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture
def draft(site_url) -> Application:
    program = Program.objects.get(slug="lsscp")
    demo_applications_create(program=program, staff=User.objects.get(email="staff@example.org"))
    return Application.objects.get(candidate__email="draft@example.org")


@pytest.mark.parametrize("size", SIZES)
def test_the_application_asks_for_ala_membership_and_says_the_invoice_waits_for_it(
    open_page: Callable[..., Page], sign_in, assert_accessible, screenshot, draft, size
):
    Membership.objects.filter(user=draft.candidate).delete()
    page = open_page(**SIZES[size])
    sign_in(page, "draft@example.org")
    page.goto(f"/applications/{draft.pk}/")
    section = page.locator("#memberships")
    expect(section.get_by_role("heading", name="3. Memberships")).to_be_visible()
    assert overflow(page) == 0
    assert_accessible(page)

    # A date in the past is refused beside its field, with the number kept.
    section.get_by_label("Member number").fill("ALA-5550123")
    section.get_by_label("Valid until").fill("2020-01-31")
    with page.expect_navigation():
        section.get_by_role("button", name="Save my ALA membership").click()
    section = page.locator("#memberships")
    expect(section.get_by_text("This date has passed")).to_be_visible()
    expect(section.get_by_label("Member number")).to_have_value("ALA-5550123")
    assert_accessible(page)

    until = timezone.localdate() + timedelta(days=365)
    section.get_by_label("Valid until").fill(until.isoformat())
    with page.expect_navigation():
        section.get_by_role("button", name="Save my ALA membership").click()
    expect(page.get_by_text(re.compile("Your ALA membership is saved"))).to_be_visible()
    section = page.locator("#memberships")
    expect(section.get_by_text("Waiting for confirmation")).to_be_visible()
    expect(
        section.get_by_text("Your invoice is issued once your membership is confirmed.")
    ).to_be_visible()
    assert overflow(page) == 0
    screenshot(page, f"fees-{size}-application-membership")
    assert_accessible(page)
    membership = Membership.objects.get(user=draft.candidate, organisation__code="ALA")
    assert (membership.member_number, membership.status) == ("ALA-5550123", "pending")


@pytest.mark.parametrize("size", SIZES)
def test_the_invoice_page_gives_the_address_for_checks_and_no_card_when_it_is_off(
    open_page: Callable[..., Page], sign_in, assert_accessible, screenshot, draft, size
):
    Membership.objects.filter(user=draft.candidate).delete()
    program = draft.program
    invoice = enrollment_invoice_get_or_create(
        user=draft.candidate, program=program, actor=draft.candidate
    )
    page = open_page(**SIZES[size])
    sign_in(page, "draft@example.org")
    page.goto(f"/payments/invoices/{invoice.code}/")
    how = page.locator("section", has=page.get_by_role("heading", name="How to pay"))
    expect(how.get_by_role("heading", name="Pay by check")).to_be_visible()
    expect(how).to_contain_text(f"payable to {program.check_payee}")
    expect(how).to_contain_text(f"write invoice number {invoice.code}")
    for line in program.check_address.splitlines():
        expect(how.locator("address")).to_contain_text(line)
    expect(how.get_by_role("button", name=re.compile("by card"))).to_have_count(0)
    assert overflow(page) == 0
    screenshot(page, f"fees-{size}-invoice-check-address")
    assert_accessible(page)
