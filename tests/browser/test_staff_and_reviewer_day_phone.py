"""Program staff's and a reviewer's daily work at 320 px, as a non-technical person does it, with
axe-core on each page (`assert_accessible`) and no sideways scrolling (`fits`).

The reviewer opens her queue, rates every competency of a portfolio, presses "Submit my review"
before she has rated them (the error summary takes the focus and names what is left), then
finishes it; she opens her conflicts page and sends it empty (the focus goes to the problem).
Staff open their home, the membership queue whose Invoice column says what a refusal did (the
$25 difference invoiced), that difference's invoice and its refund confirmation, and the page
of the portfolio version where they assign reviewers."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.core.money import Money
from certify.memberships.models import Membership, Organisation
from certify.payments.models import Invoice
from certify.payments.services import payment_record
from certify.payments.services.full_price import _bill_difference, difference_invoice
from certify.portfolios.models import ReviewAssignment
from tests.factories import MembershipFactory

from .conftest import fits
from .test_reviewer_workspace import (  # noqa: F401  (a fixture)
    REVIEWER,
    assignment,
    sign_in_as_reviewer,
)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
FOCUSED_IN = "(sel) => !!document.activeElement && !!document.activeElement.closest(sel)"


def _check(page: Page, assert_accessible: Callable[[Page], None]) -> None:
    fits(page)
    assert_accessible(page)


def test_a_reviewer_scores_a_portfolio_to_her_verdict_on_a_phone(
    open_page,
    assignment: ReviewAssignment,  # noqa: F811
    assert_accessible,
    console_errors,
):
    page = open_page(**PHONE)
    sign_in_as_reviewer(page)
    page.goto("/review/")
    _check(page, assert_accessible)
    page.get_by_role("link", name="Communication and Teamwork").first.click()
    page.wait_for_url(f"**/review/{assignment.pk}/")
    _check(page, assert_accessible)

    # "Submit my review" before rating anything: the summary takes the focus and says what.
    page.get_by_role("button", name="Submit my review").click()
    page.wait_for_load_state()
    summary = page.locator("#finish-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    assert page.evaluate(FOCUSED_IN, "#finish-errors"), "the focus is not on the error summary"
    _check(page, assert_accessible)

    for group in page.get_by_role("group", name="Rating for").all():
        group.get_by_label("Met", exact=True).check()
        expect(group.get_by_role("status")).not_to_be_empty()  # saved as she goes
    page.get_by_label("Comment", exact=False).last.fill("Clear responses tied to daily work.")
    page.get_by_role("button", name="Submit my review").click()
    page.wait_for_url(re.compile(r"/review/(#[\w-]*)?$"))  # the queue
    expect(page.get_by_text("Your review is recorded")).to_be_visible()
    _check(page, assert_accessible)
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.COMPLETED

    page.goto("/account/conflicts/")
    _check(page, assert_accessible)
    page.get_by_role("button", name="Declare").click()
    page.wait_for_load_state()
    assert page.evaluate(FOCUSED_IN, "[data-error-summary], [aria-invalid=true]"), (
        "after the refused declaration the focus is not on its problem"
    )
    _check(page, assert_accessible)
    # The refused forms answer 400 (the browser logs that); nothing else went wrong.
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_staff_day_on_a_phone_reads_the_invoice_column_and_a_refund(
    open_page,
    assignment: ReviewAssignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    """A candidate paid the member price; staff then mark her membership not confirmed, and
    Certify invoices the $25 difference (`full_price`), which she pays by check."""
    candidate = assignment.submission.portfolio.planned_set.application.candidate
    staff = User.objects.get(email="staff@example.org")
    ala = Organisation.objects.get(code="ALA")
    Membership.objects.filter(user=candidate, organisation=ala).delete()  # the demo's own
    membership = MembershipFactory(
        user=candidate,
        organisation=ala,
        member_number="ALA-3030",
        status=Membership.Status.REJECTED,
        reason="ALA has no member with this number.",
        confirmed_by=staff,
    )
    paid = Invoice.objects.filter(
        user=candidate, kind=Invoice.Kind.ENROLLMENT, status=Invoice.Status.PAID
    ).first()
    assert paid is not None
    _bill_difference(paid, membership, Money(2500, paid.currency))
    difference = difference_invoice(paid)
    assert difference is not None
    payment_record(
        invoice=difference,
        amount=difference.balance,
        method="cheque",
        reference="Check 3030",
        actor=staff,
    )

    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")
    page.goto("/staff/")
    _check(page, assert_accessible)
    page.goto("/memberships/queue/?status=all")
    _check(page, assert_accessible)
    row = page.get_by_role("row").filter(has_text="ALA-3030")
    expect(row).to_contain_text("$25.00")

    page.goto(f"/payments/invoices/{difference.code}/")
    _check(page, assert_accessible)
    page.get_by_label("Amount to refund").fill("25")
    page.get_by_label("Reason").fill("Paid twice by mistake.")
    page.get_by_role("button", name="Check the refund").click()
    page.wait_for_url("**/refunds/confirm/**")
    _check(page, assert_accessible)
    expect(page.get_by_role("button", name="Yes, refund $25.00")).to_be_visible()

    page.goto(f"/staff/portfolios/{assignment.submission_id}/")
    _check(page, assert_accessible)
    assert console_errors == []
