"""The payment pages whose words changed (ADR 0041, 0042): a full-price invoice whose member
price difference was refunded after a late confirmation, then billed again when the membership
was refused (the enrollment invoice, with its "Refunded" line, and the difference invoice, for
the candidate and staff), the staff's refund confirmation, and a void invoice with its credit
note, walked on a 390 px and a 320 px phone as the phone walks do (no sideways scrolling,
axe-core, headings in order, focus visible), and the plain words they say (the credit line's
"Member price difference refunded" among them)."""

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.accounts.services import user_create
from certify.core.money import Money
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.memberships.api import organisations_ensure
from certify.memberships.models import Membership
from certify.payments.models import Invoice
from certify.payments.services import (
    enrollment_invoice_get_or_create,
    invoice_refund,
    invoice_void,
    payment_record,
)
from certify.payments.services.full_price import enrollment_full_price_apply
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from certify.programs.models import Program
from tests.factories import MembershipFactory

from .test_phone_walks import walk_problems

DEE = "dee.difference@example.org"
VAL = "val.void@example.org"


def _person(email: str, name: str) -> User:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=["candidate"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    ala = next(o for o in organisations_ensure() if o.code == "ALA")
    dee = _person(DEE, "Dee Difference")
    invoice = enrollment_invoice_get_or_create(user=dee, program=program, actor=dee)
    payment_record(
        invoice=invoice, amount=invoice.amount_due, method="cheque", reference="C", actor=staff
    )
    membership = MembershipFactory(user=dee, organisation=ala, member_number="ALA-25")
    difference = program.enrollment_fee_cents - program.member_fee_cents
    invoice_refund(
        invoice=invoice,
        amount=Money(difference, invoice.currency),
        reason=MEMBER_PRICE_REFUND,
        actor=staff,
    )
    Membership.objects.filter(pk=membership.pk).update(status="rejected", reason="Unknown")
    membership.refresh_from_db()
    assert enrollment_full_price_apply(invoice=invoice, membership=membership) == "billed"
    billed = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=dee)
    val = _person(VAL, "Val Void")
    void = enrollment_invoice_get_or_create(user=val, program=program, actor=val)
    invoice_void(invoice=void, reason="Issued twice by mistake.", actor=staff)
    return {
        "staff@example.org": [
            f"/payments/invoices/{invoice.code}/",
            f"/payments/invoices/{billed.code}/",
            f"/payments/invoices/{invoice.code}/refunds/confirm/?"
            + urlencode({"amount": "1.00", "reason": "Goodwill"}),
        ],
        DEE: [f"/payments/invoices/{invoice.code}/", f"/payments/invoices/{billed.code}/"],
        VAL: [f"/payments/invoices/{void.code}/"],
    }


def test_the_changed_payment_pages_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []


def test_what_the_pages_say(open_page: Callable[..., Page], sign_in, walks):
    """The walk above checks the pages read; these are the words it walks past."""
    page = open_page()
    sign_in(page, DEE)
    page.goto(walks[DEE][0])
    charged = page.locator("table").first.inner_text()
    assert f"Refunded: {MEMBER_PRICE_REFUND}" in charged
    assert "Credit for refund" not in charged
    # The refund's credit line says what of it was the member price difference (ADR 0042).
    assert "Member price difference refunded: $25.00 (the membership was confirmed after" in charged
    page.goto(walks[DEE][1])
    assert "enrollment fee at the full price, less the member price paid" in page.inner_text("main")
    page = open_page()
    sign_in(page, VAL)
    page.goto(walks[VAL][0])
    void = page.locator("#invoice-void").inner_text()
    assert "This invoice is canceled: nothing is owed on it." in void
    assert "A credit note is the record that cancels an invoice" in void
    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(walks["staff@example.org"][2])
    assert "and its total will be lowered by $1" in page.inner_text("main")
