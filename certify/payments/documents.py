"""Invoice, receipt and credit note PDFs, rendered by WeasyPrint from HTML templates.

None is stored: each download is rendered from the records as they are now, so an invoice
voided since shows "Void" and what replaced it at once (ADR 0041).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from certify.payments.models import CreditNote, Invoice, Payment
from certify.payments.ways import payment_ways


def _pdf(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads pango when imported, which only PDF requests need.
    from weasyprint import HTML

    html = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    result: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    return result


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice as the certifying body sends it: lines, payments, refunds and balance."""
    return _pdf(
        "payments/pdf/invoice.html",
        {
            "invoice": invoice,
            "program": invoice.program,
            "lines": list(invoice.lines.all()),
            "payments": list(invoice.payments.all()),
            "refunds": list(invoice.refunds.all()),
            "credit_note": getattr(invoice, "credit_note", None),
            "replacements": list(invoice.replacements.all()),
            "printed_on": timezone.localdate(),
            "ways": payment_ways(program=invoice.program),
        },
    )


def receipt_pdf(*, payment: Payment) -> bytes:
    """A receipt for one payment."""
    invoice = payment.invoice
    return _pdf(
        "payments/pdf/receipt.html",
        {
            "payment": payment,
            "invoice": invoice,
            "program": invoice.program,
            "lines": list(invoice.lines.all()),
            "printed_on": timezone.localdate(),
        },
    )


def credit_note_pdf(*, note: CreditNote) -> bytes:
    """The credit note of a void invoice: what was canceled, why, and what replaced it."""
    invoice = note.invoice
    return _pdf(
        "payments/pdf/credit_note.html",
        {
            "note": note,
            "invoice": invoice,
            "program": note.program,
            "lines": list(invoice.lines.all()),
            "replacements": list(invoice.replacements.all()),
            "printed_on": timezone.localdate(),
        },
    )
