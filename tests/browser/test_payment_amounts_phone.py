"""The payment pages read with every amount's cents, on a 390 px and a 320 px phone (ADR 0005,
amended): the candidate's payments list, an invoice to pay billed to an employer (how to pay by
check, what to quote), the member price difference invoice voided because its card refund could
not be sent (ADR 0042, amended: what happened, and that there is nothing to do), and staff's
invoice, payment and refund lists. Walked as the phone walks do (no sideways scrolling,
axe-core, headings in order, focus visible); then the words they say."""

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.accounts.services import user_create
from certify.core.money import Money
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.memberships.api import organisations_ensure
from certify.memberships.models import Membership
from certify.payments.models import Invoice, Refund
from certify.payments.services import (
    enrollment_invoice_get_or_create,
    invoice_refund,
    payment_record,
)
from certify.payments.services.full_price import (
    difference_after_refund,
    enrollment_full_price_apply,
)
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from certify.programs.models import Program
from tests.factories import MembershipFactory

from .test_phone_walks import walk_problems

PAT = "pat.paid@example.org"
EVE = "eve.employer@example.org"
STAFF = "staff@example.org"
# An amount without its cents ("$25", "-$1,350"): no payments page shows one.
SHORT = re.compile(r"(?:\$|€|£)\d{1,3}(?:,\d{3})*(?![\d,]|\.\d\d)")


def _person(email: str, name: str) -> User:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=["candidate"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email=STAFF)
    ala = next(o for o in organisations_ensure() if o.code == "ALA")
    # Pat paid in full; the membership confirmed late, the difference refunded; refused, the
    # difference billed again; then the refund turns out not sent: the difference is voided.
    pat = _person(PAT, "Pat Paid")
    paid = enrollment_invoice_get_or_create(user=pat, program=program, actor=pat)
    payment_record(
        invoice=paid, amount=paid.amount_due, method="cheque", reference="C", actor=staff
    )
    membership = MembershipFactory(user=pat, organisation=ala, member_number="ALA-25")
    difference = program.enrollment_fee_cents - program.member_fee_cents
    invoice_refund(
        invoice=paid,
        amount=Money(difference, paid.currency),
        reason=MEMBER_PRICE_REFUND,
        actor=staff,
    )
    Membership.objects.filter(pk=membership.pk).update(status="rejected", reason="Unknown")
    membership.refresh_from_db()
    assert enrollment_full_price_apply(invoice=paid, membership=membership) == "billed"
    billed = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=pat)
    Refund.objects.filter(invoice=paid).update(status=Refund.Status.FAILED)
    assert difference_after_refund(invoice_id=paid.pk) == "voided"
    # Eve's fee is billed to her employer, who pays by check.
    eve = _person(EVE, "Eve Employed")
    open_one = enrollment_invoice_get_or_create(user=eve, program=program, actor=eve)
    Invoice.objects.filter(pk=open_one.pk).update(
        bill_to_name="Riverside Public Library", bill_to_email="accounts@riverside.example"
    )
    return {
        PAT: [
            "/payments/",
            f"/payments/invoices/{paid.code}/",
            f"/payments/invoices/{billed.code}/",
        ],
        EVE: ["/payments/", f"/payments/invoices/{open_one.code}/"],
        STAFF: [
            f"/payments/invoices/{billed.code}/",
            f"/payments/invoices/{open_one.code}/",
            "/payments/staff/invoices/",
            "/payments/staff/payments/",
            "/payments/staff/refunds/",
        ],
    }


def test_the_payment_pages_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []


def test_every_amount_has_its_cents_and_the_void_says_what_to_do(
    open_page: Callable[..., Page], sign_in, walks
):
    for email, paths in walks.items():
        page = open_page(viewport={"width": 320, "height": 700})
        sign_in(page, email)
        for path in paths:
            page.goto(path)
            main = page.inner_text("main")
            assert SHORT.findall(main) == [], f"{email} {path}"
    page = open_page(viewport={"width": 320, "height": 700})
    sign_in(page, PAT)
    page.goto(walks[PAT][2])
    void = " ".join(page.locator("#invoice-void").inner_text().split())
    assert "This invoice is canceled: nothing is owed on it. You do not need to do anything" in void
    assert "member price difference on invoice" in void
    assert "could not be sent: that difference is still paid" in void
    assert re.search(r"cancels \$\d+\.\d\d", void)
    page = open_page(viewport={"width": 320, "height": 700})
    sign_in(page, EVE)
    page.goto(walks[EVE][1])
    main = " ".join(page.inner_text("main").split())
    assert re.search(
        r"Make the check payable to .+ for \$\d{1,3}(,\d{3})*\.\d\d, write invoice", main
    )
    assert "Billed to Riverside Public Library" in main
