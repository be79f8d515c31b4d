"""The pages a membership refused after the member price changes (ADR 0042), and a credit note's
words (ADR 0041), walked on a 390 px and a 320 px phone as the phone walks do (no sideways
scrolling, axe-core, headings in order, focus visible): the membership queue with its Invoice
column (staff), the invoice voided and reissued at the full price and the difference invoice of
a paid one (candidate and staff), and a void invoice holding money paid before the void."""

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.accounts.services import user_create
from certify.core.money import Money
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.memberships.models import Membership, Organisation
from certify.payments.models import Invoice
from certify.payments.services import (
    enrollment_invoice_get_or_create,
    invoice_void_rest,
    payment_record,
)
from certify.payments.services.full_price import enrollment_full_price_apply
from certify.programs.models import Program
from tests.factories import MembershipFactory

from .test_phone_walks import walk_problems

QUEUE = "/memberships/queue/?status=all"


def _person(email: str, name: str) -> User:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=["candidate"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _refused(program, ala, email, name, *, paid: bool, staff) -> tuple[Invoice, Invoice]:
    person = _person(email, name)
    membership = MembershipFactory(user=person, organisation=ala, member_number="ALA-404")
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=person)
    assert invoice.total == Money(program.member_fee_cents, program.currency)
    if paid:
        payment_record(
            invoice=invoice, amount=invoice.amount_due, method="cheque", reference="C", actor=staff
        )
    Membership.objects.filter(pk=membership.pk).update(status="rejected", reason="Unknown")
    membership.refresh_from_db()
    assert enrollment_full_price_apply(invoice=invoice, membership=membership) == (
        "billed" if paid else "repriced"
    )
    if paid:
        return invoice, Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=person)
    return invoice, Invoice.objects.get(replaces=invoice)


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    ala = Organisation.objects.get(code="ALA")
    void, full = _refused(
        program, ala, "rae.refused@example.org", "Rae Refused", paid=False, staff=staff
    )
    paid, difference = _refused(
        program, ala, "pat.paidmember@example.org", "Pat Paidmember", paid=True, staff=staff
    )
    held_by = _person("hal.held@example.org", "Hal Held")
    held = enrollment_invoice_get_or_create(user=held_by, program=program, actor=held_by)
    payment_record(invoice=held, amount=Money(5000), method="cheque", reference="H", actor=staff)
    assert invoice_void_rest(invoice=held, reason="No longer owed.", actor=staff) is not None
    return {
        "staff@example.org": [
            QUEUE,
            f"/payments/invoices/{void.code}/",
            f"/payments/invoices/{difference.code}/",
            f"/payments/invoices/{held.code}/",
        ],
        "rae.refused@example.org": [
            f"/payments/invoices/{void.code}/",
            f"/payments/invoices/{full.code}/",
        ],
        "pat.paidmember@example.org": [
            f"/payments/invoices/{paid.code}/",
            f"/payments/invoices/{difference.code}/",
        ],
        "hal.held@example.org": [f"/payments/invoices/{held.code}/"],
    }


def test_the_refused_member_price_pages_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []


def test_what_the_pages_say(open_page: Callable[..., Page], sign_in, walks):
    """The walk above checks the pages read; these are the words it walks past."""
    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(QUEUE)
    column = page.locator("[data-outcome]")
    words = " ".join(column.all_inner_texts())
    assert "Reissued at the full price: invoice" in words
    assert "Difference invoiced: invoice" in words
    page.goto(walks["staff@example.org"][3])
    assert (
        "(the $50.00 paid before the void is not canceled: it is held on this invoice until "
        "program staff refund it)"
    ) in page.locator("#invoice-void").inner_text()
