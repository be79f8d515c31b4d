"""Invoice and receipt PDFs, rendered by WeasyPrint from HTML templates."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from certify.payments.models import Invoice, Payment
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
