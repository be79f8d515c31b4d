"""The pages the member price after a late membership (ADR 0042) and a class award waiting for
enrollment change, walked on a 390 px and a 320 px phone as the phone walks do (no sideways
scrolling, axe-core, headings in order, focus visible): the invoice paid at the full price with
what staff may refund (staff, with the refund form offering it, and the candidate), the void
invoice and its replacement at the member price, and a class award's page saying it is payable
once its recipient has enrolled (the sponsor and the recipient)."""

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.accounts.services import user_create
from certify.core.money import Money
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.payments.models import Invoice
from certify.payments.services import enrollment_invoice_get_or_create, payment_record
from certify.payments.services.member_price import enrollment_member_price_apply
from certify.programs.models import Program
from certify.scholarships.models import Fund
from certify.scholarships.services import application_award, application_submit
from tests.factories import MembershipFactory

from .test_phone_walks import walk_problems


def _person(email: str, name: str) -> User:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=["candidate"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    sponsor = User.objects.get(email="sponsor@example.org")
    ala = Organisation.objects.get(code="ALA")
    # Paid at the full price, then the membership confirmed: staff may refund the difference.
    paid_by = _person("lee.paid@example.org", "Lee Paid")
    paid = enrollment_invoice_get_or_create(user=paid_by, program=program, actor=paid_by)
    payment_record(
        invoice=paid, amount=paid.amount_due, method="cheque", reference="C 12", actor=staff
    )
    MembershipFactory(user=paid_by, organisation=ala)
    assert enrollment_member_price_apply(invoice=paid) == "told"
    # Unpaid, then the membership confirmed: replaced at the member price.
    unpaid_by = _person("uma.unpaid@example.org", "Uma Unpaid")
    unpaid = enrollment_invoice_get_or_create(user=unpaid_by, program=program, actor=unpaid_by)
    MembershipFactory(user=unpaid_by, organisation=ala)
    assert enrollment_member_price_apply(invoice=unpaid) == "repriced"
    new = Invoice.objects.get(replaces=unpaid)
    assert new.total == Money(program.member_fee_cents, program.currency)
    # A class award whose recipient has not enrolled yet.
    demo_scholarships_create(program=program, sponsor_user=sponsor)
    ssd = Organisation.objects.get(code="SSD")
    recipient = _person("cam.class@example.org", "Cam Class")
    MembershipFactory(user=recipient, organisation=ssd)
    application = application_submit(
        fund=Fund.objects.get(slug="ssd-continuing-education"),
        applicant=recipient,
        statement="A cataloging class at the community college this spring.",
        purpose="class",
        class_details="Cataloging basics",
    )
    award = application_award(application=application, actor=sponsor)
    award_page = f"/scholarships/applications/{award.application_id}/"
    return {
        "staff@example.org": [
            f"/payments/invoices/{paid.code}/",
            f"/payments/invoices/{unpaid.code}/",
            f"/payments/invoices/{new.code}/",
        ],
        "lee.paid@example.org": [f"/payments/invoices/{paid.code}/"],
        "uma.unpaid@example.org": [
            f"/payments/invoices/{unpaid.code}/",
            f"/payments/invoices/{new.code}/",
        ],
        "sponsor@example.org": [award_page],
        "cam.class@example.org": [award_page],
    }


def test_the_member_price_and_class_award_pages_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []


def test_what_the_pages_say(open_page: Callable[..., Page], sign_in, walks):
    """The walk above checks the pages read; these are the words it walks past."""
    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(walks["staff@example.org"][0])
    assert "paid beyond the member price below" in page.locator("#member-price").inner_text()
    page = open_page()
    sign_in(page, "sponsor@example.org")
    page.goto(walks["sponsor@example.org"][0])
    assert (
        page.locator("#award-payable")
        .inner_text()
        .startswith("Payable once Cam Class has enrolled in LSSCP")
    )
    assert page.get_by_role("button", name="Record the payment").count() == 0
