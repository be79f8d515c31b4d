"""The invoice, receipt and credit note PDFs, read as their readers read them: a candidate who
is not an accountant, and an employer's accounts-payable clerk. Each kind is rendered (member
price, scholarship credit, billed to an institution and paid by it, paid by check, refunded,
void) and its text says who owes what, by when, how to pay by check and to whom, what a credit
note is, with money in US dollars and cents and dates in the program's time zone. PDFs are slow
to typeset: few tests, each reading many documents."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from certify.core.money import Money
from certify.memberships.models import Organisation
from certify.payments import documents
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services import invoice_add_credit, invoice_refund, payment_record
from certify.payments.services.voids import invoice_reissue, invoice_void
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import FULL, MEMBER

pytestmark = pytest.mark.django_db

ADDRESS = "Certification Office\n50 E Huron St\nChicago, IL 60611"


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # The words, whatever line the typesetter broke them on (a sign too, from its amount).
    return " ".join(text.split()).replace("- $", "-$").replace("+ $", "+$")


@pytest.fixture
def ways(program):
    program.accepts_check = True
    program.accepts_purchase_order = True
    program.check_address = ADDRESS
    program.contact_email = "lsscp@example.org"
    program.save()
    return program


def test_open_invoices_say_what_is_owed_by_when_and_how_to_pay_by_check(candidate, ways, staff):
    MembershipFactory(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-1",
        status="confirmed",
    )
    invoice = enrollment_invoice_get_or_create(user=candidate, program=ways, actor=candidate)
    due = f"{invoice.due_on:%B} {invoice.due_on.day}, {invoice.due_on.year}"
    text = _text(documents.invoice_pdf(invoice=invoice))
    # Dollars and cents, at the top and at the foot.
    assert f"Amount due {MEMBER.with_cents()}" in text
    assert "LSSCP enrollment fee $350.00" in text
    assert "ALA member price (member no. ALA-1" in text
    assert "-$25.00" in text
    assert f"Please pay $325.00 by {due}, quoting invoice number {invoice.code}." in text
    assert (
        f"Pay by check for $325.00, payable to {ways.check_payee}, with invoice number "
        f"{invoice.code} written on the check, mailed to: Certification Office 50 E Huron St "
        "Chicago, IL 60611"
    ) in text
    assert "Amounts are in US dollars (USD)." in text
    assert "$325 " not in text  # never a sum without its cents

    invoice_add_credit(
        invoice=invoice,
        amount=Money(20000),
        description="SSD scholarship award",
        source="award:1",
        actor=None,
    )
    invoice.refresh_from_db()
    text = _text(documents.invoice_pdf(invoice=invoice))
    assert "SSD scholarship award A scholarship award pays this part: it is not to be paid." in text
    assert f"Please pay $125.00 by {due}" in text

    # Billed to an employer: the clerk reads whose fee it is, then the receipt of its payment.
    other = UserFactory(full_name="Ada Byron")
    first = enrollment_invoice_get_or_create(user=other, program=ways, actor=other)
    employer = invoice_reissue(
        invoice=first,
        reason="The employer pays.",
        actor=staff,
        bill_to_name="Springfield Public Library",
        bill_to_email="ap@springfield.example",
    )
    text = _text(documents.invoice_pdf(invoice=employer))
    assert "BILLED TO Springfield Public Library ap@springfield.example" in text
    assert "FEE FOR Ada Byron Enrollment, LSSCP" in text
    assert f"This invoice replaces invoice {first.code}, which is void." in text
    payment = payment_record(
        invoice=employer,
        amount=FULL,
        method="institutional_invoice",
        reference="PO 4411",
        actor=staff,
    )
    employer.refresh_from_db()
    text = _text(documents.invoice_pdf(invoice=employer))
    assert "PAID" in text
    assert "by an institution -$350.00" in text
    assert "Amount due $0.00" in text
    assert "Paid in full: nothing is owed on this invoice." in text
    text = _text(documents.receipt_pdf(payment=payment))
    assert "RECEIVED FROM Springfield Public Library" in text
    assert "FEE FOR Ada Byron" in text
    assert "Payment reference PO 4411" in text
    assert "Received by an institution $350.00" in text
    assert f"Still to pay on invoice {employer.code} $0.00" in text

    # What the voided first invoice and its credit note say.
    first.refresh_from_db()
    text = _text(documents.invoice_pdf(invoice=first))
    assert "This invoice is void: nothing is owed on it." in text
    assert f"It is replaced by invoice {employer.code}." in text
    assert "cancels $350.00: that amount is no longer owed." in text
    text = _text(documents.credit_note_pdf(note=first.credit_note))
    assert (
        f"A credit note cancels an invoice. This one cancels invoice {first.code}: $350.00 that "
        f"was owed on it is no longer owed. There is nothing to pay for this credit note"
    ) in text
    assert "Credited $350.00" in text
    assert f"Invoice {employer.code} of " in text
    assert "replaces it: pay that invoice instead." in text
    assert "Why The employer pays." in text


def test_paid_by_check_refunded_and_void_documents_say_what_became_of_the_money(
    candidate, ways, staff
):
    invoice = enrollment_invoice_get_or_create(user=candidate, program=ways, actor=candidate)
    payment = payment_record(
        invoice=invoice, amount=FULL, method="cheque", reference="CHK 1001", actor=staff
    )
    text = _text(documents.receipt_pdf(payment=payment))
    assert "RECEIPT" in text
    assert f"For invoice {invoice.code}" in text
    assert "Payment reference CHK 1001" in text
    assert "Received by check $350.00" in text
    assert "FEE FOR" not in text  # paid by the candidate: no one else to name

    invoice_refund(invoice=invoice, amount=FULL, reason="Not eligible", actor=staff)
    invoice.refresh_from_db()
    payment.refresh_from_db()
    text = _text(documents.invoice_pdf(invoice=invoice))
    assert "REFUNDED" in text
    assert "Refunded: Not eligible -$350.00" in text
    assert "by check -$350.00" in text
    assert "Everything paid on this invoice was refunded: nothing is owed on it." in text
    text = _text(documents.receipt_pdf(payment=payment))
    assert "Refunded since -$350.00 Kept $0.00" in text

    # Printed on the program's day, not the server's: evening in Chicago is tomorrow in Auckland.
    ways.time_zone = "Pacific/Auckland"
    ways.save()
    other = UserFactory()
    void = enrollment_invoice_get_or_create(user=other, program=ways, actor=other)
    invoice_void(invoice=void, reason="Application withdrawn.", actor=staff)
    void.refresh_from_db()
    evening = datetime(2027, 3, 14, 20, 0, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(evening, tick=False):
        text = _text(documents.credit_note_pdf(note=void.credit_note))
    assert "Printed March 15, 2027." in text
    assert "Why Application withdrawn." in text
    assert f"Nothing is owed on invoice {void.code}." in text
