"""A person's invoices, credit notes, payments and refunds, for their data export; kept after
closure (financial records).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.payments.models import CreditNote, Invoice, InvoiceLine, Payment, Refund


@privacy_part("payments")
def _payments(user: User) -> dict[str, Any]:
    invoices = Invoice.objects.filter(user=user)
    return {
        "invoices": rows(invoices),
        "invoice_lines": rows(InvoiceLine.objects.filter(invoice__in=invoices)),
        "payments": rows(Payment.objects.filter(invoice__in=invoices)),
        "refunds": rows(Refund.objects.filter(invoice__in=invoices)),
        "credit_notes": rows(CreditNote.objects.filter(invoice__in=invoices)),
    }
