"""Invoice, receipt and credit note PDFs, rendered by WeasyPrint from HTML templates.

Each PDF shows the records as they are: an invoice voided since shows "Void" and what replaced
it (ADR 0041). The renderings are kept in the documents storage, named by what they show (ADR
0058): `invoice_documents_store` typesets an invoice's documents in the background after each
change (the task `payments.tasks.render_invoice_documents`, enqueued after commit from
`totals_refresh` and the void), and the download views serve the stored file while it still
shows what the records say (`certify.core.documents.document_pdf`). "Printed" on a PDF is the
day that rendering was typeset.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from certify.core.documents import Document, document_store, pdf_from_html
from certify.payments import selectors
from certify.payments.models import CreditNote, Invoice, Payment
from certify.payments.ways import payment_ways
from certify.programs.api import program_today


def _document(kind: str, key: int, template: str, context: dict[str, Any]) -> Document:
    context = {**context, "site_url": settings.SITE_URL}

    def typeset() -> bytes:
        # The day in the program's time zone, as every date on it (the server's may differ).
        printed_on = program_today(context["program"])
        return pdf_from_html(render_to_string(template, {**context, "printed_on": printed_on}))

    shows = render_to_string(template, {**context, "printed_on": None})
    return Document(kind=kind, key=str(key), shows=shows, typeset=typeset)


def invoice_document(*, invoice: Invoice) -> Document:
    """The invoice as the certifying body sends it: lines, payments, refunds and balance."""
    return _document(
        "invoices",
        invoice.pk,
        "payments/pdf/invoice.html",
        {
            "invoice": invoice,
            "program": invoice.program,
            "lines": list(invoice.lines.all()),
            "payments": list(invoice.payments.all()),
            "refunds": list(invoice.refunds.all()),
            "credit_note": getattr(invoice, "credit_note", None),
            "replacements": list(invoice.replacements.all()),
            "ways": payment_ways(program=invoice.program),
        },
    )


def receipt_document(*, payment: Payment) -> Document:
    """A receipt for one payment."""
    invoice = payment.invoice
    return _document(
        "receipts",
        payment.pk,
        "payments/pdf/receipt.html",
        {
            "payment": payment,
            "invoice": invoice,
            "program": invoice.program,
            "lines": list(invoice.lines.all()),
        },
    )


def credit_note_document(*, note: CreditNote) -> Document:
    """The credit note of a void invoice: what was canceled, why, and what replaced it."""
    invoice = note.invoice
    return _document(
        "credit-notes",
        note.pk,
        "payments/pdf/credit_note.html",
        {
            "note": note,
            "invoice": invoice,
            "program": note.program,
            "lines": list(invoice.lines.all()),
            "replacements": list(invoice.replacements.all()),
        },
    )


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice PDF, typeset now."""
    return invoice_document(invoice=invoice).typeset()


def receipt_pdf(*, payment: Payment) -> bytes:
    """The receipt PDF, typeset now."""
    return receipt_document(payment=payment).typeset()


def credit_note_pdf(*, note: CreditNote) -> bytes:
    """The credit note PDF, typeset now."""
    return credit_note_document(note=note).typeset()


def invoice_documents_store(*, invoice_id: int) -> int:
    """Keep the current rendering of the invoice, of each of its payments' receipts and of its
    credit note (a payment, a refund or a void can change each of them). Idempotent: what is
    stored already is not typeset again. Returns how many it typeset."""
    # Read as the download views read them (the same selectors, the same order of lines and
    # payments), so that what is stored is named as the views will look for it.
    code = Invoice.objects.filter(pk=invoice_id).values_list("code", flat=True).first()
    if code is None:
        return 0
    invoice = selectors.invoice_get(code=code)
    documents = [invoice_document(invoice=invoice)]
    for payment in invoice.payments.all():
        documents.append(receipt_document(payment=selectors.payment_get(pk=payment.pk)))
    note = getattr(invoice, "credit_note", None)
    if note is not None:
        documents.append(credit_note_document(note=selectors.credit_note_get(code=note.code)))
    return sum(document_store(document) for document in documents)
