"""The member price difference a refund gave back (a membership confirmed after the invoice was
issued at the full price; ADR 0042) is said where a person reads the invoice: its page, its PDF
and the API's invoice lines (parity), in the same plain words."""

import io

import pytest
from pypdf import PdfReader

from certify.memberships.models import Organisation
from certify.memberships.services import membership_confirm
from certify.payments import documents
from certify.payments.models import Invoice
from certify.payments.services import invoice_refund, payment_record
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, FULL

pytestmark = pytest.mark.django_db

WORDS = "Member price difference refunded: "


def test_the_refunded_member_difference_is_shown_on_the_page_the_pdf_and_the_api(
    client, invoice, candidate, staff, django_capture_on_commit_callbacks
):
    recorder = UserFactory(roles=["program_staff"])
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    late = MembershipFactory(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-77",
        status="pending",
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=late, actor=staff)
    client.force_login(candidate)
    before = client.get(invoice.get_absolute_url()).text
    assert WORDS not in before  # nothing refunded yet: nothing said
    invoice_refund(invoice=invoice, amount=DIFFERENCE, reason=MEMBER_PRICE_REFUND, actor=recorder)
    invoice = Invoice.objects.get(pk=invoice.pk)

    page = client.get(invoice.get_absolute_url()).text
    assert (
        f"{WORDS}{DIFFERENCE.with_cents()} (the membership was confirmed after this invoice" in page
    )
    pdf = documents.invoice_pdf(invoice=invoice)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert (
        f"{WORDS}{DIFFERENCE.with_cents()} (the membership was confirmed after this invoice" in text
    )
    api = client.get(f"/api/v1/payments/invoices/{invoice.code}").json()
    lines = {line["kind"]: line for line in api["lines"]}
    assert lines["refund_credit"]["member_difference_cents"] == DIFFERENCE.cents
    assert lines["enrollment_fee"]["member_difference_cents"] == 0
