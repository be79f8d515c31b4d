"""What the renewal services tests and others stand on: paying a renewal's fee by check, and a
real PDF for evidence (uploads are opened, not only typed)."""

from certify.core.money import Money
from certify.payments.services import payment_record
from tests import files

PDF = files.PDF  # a real PDF: uploads are opened, not only typed


def pay(renewal, staff):
    invoice = renewal.invoice
    payment_record(
        invoice=invoice,
        amount=Money(invoice.balance_cents, invoice.currency),
        method="cheque",
        reference="Check 7",
        actor=staff,
    )
