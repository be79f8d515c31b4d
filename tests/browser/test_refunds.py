"""Staff refund a card payment in a real browser (ADR 0052): the amount typed, the confirmation
page that says what will happen (checked at 1280, 390 and 320 px with axe-core), "Yes, refund",
and the invoice page saying where the refund is."""

from collections.abc import Callable

from django.db import transaction
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services.payments import card_payment_record
from certify.programs.models import Program


def test_staff_refund_part_of_a_card_payment_after_the_confirmation(
    open_page: Callable[..., Page], sign_in, site_url, workspace_step, console_errors
):
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    draft = Application.objects.get(candidate__email="draft@example.org")
    invoice = enrollment_invoice_get_or_create(user=draft.candidate, program=program, actor=staff)
    with transaction.atomic():
        card_payment_record(
            invoice_id=invoice.pk,
            payment_intent="pi_browser",
            amount_cents=invoice.balance_cents,
            currency="usd",
        )

    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(invoice.get_absolute_url())
    form = page.locator("form[action$='/refunds/#refund-errors']")
    form.get_by_label("Amount to refund").fill("150")
    form.get_by_label("Reason").fill("Member price: confirmed ALA member.")
    with page.expect_navigation():
        form.get_by_role("button", name="Check the refund").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refund $150.00 on invoice")
    # The confirmation at its own address: not the form's "#refund-errors" (ADR 0043).
    assert page.url.endswith("#main")
    assert "refund-errors" not in page.url
    expect(page.get_by_text("Refund $150.00 to the card that paid")).to_be_visible()
    workspace_step(page, "staff-refund-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, refund $150.00").click()
    refund = page.locator(".refund-list li").first
    # The test site has no Stripe keys: the refund is recorded, and says it could not be sent.
    expect(refund).to_contain_text("Refund of $150.00 requested on")
    expect(refund).to_contain_text("could not be sent; program staff have been told")
    expect(refund.get_by_role("button", name="Try again: send $150.00 to the card")).to_be_visible()
    assert console_errors == []
