"""PDFs are slow to render: two tests, each checking everything a reader relies on."""

import io

from django.urls import reverse
from pypdf import PdfReader

from certify.core.money import Money
from certify.payments.services import invoice_add_credit, payment_record


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_invoice_pdf_reads_like_a_real_invoice(client, candidate, invoice):
    invoice_add_credit(
        invoice=invoice,
        amount=Money(20000),
        description="SSD scholarship award",
        source="award:1",
        actor=None,
    )
    client.force_login(candidate)
    text = _text(client.get(reverse("payments:invoice_pdf", args=[invoice.code])))
    assert "INVOICE" in text
    assert invoice.code in text
    assert "SSD scholarship award" in text
    assert "$150" in text  # amount due after the credit
    assert candidate.email in text


def test_the_receipt_pdf_for_staff(client, staff, invoice):
    payment = payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="CHQ 31337", actor=staff
    )
    client.force_login(staff)
    text = _text(client.get(reverse("payments:receipt_pdf", args=[payment.pk])))
    assert "RECEIPT" in text
    assert payment.receipt_code in text
    assert invoice.code in text
    assert "CHQ 31337" in text
