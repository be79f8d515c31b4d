"""The e-mails of an invoice, a payment, a refund and a member price: each event's context as its
sender gives it (one per branch that reads differently)."""

from tests.notifications.emails.samples import DAY, INVOICE

CONTEXTS: dict[str, list[dict]] = {
    "payment.invoice": [
        {"invoice": INVOICE, "invoice_number": "LSSCP-000001", "amount": "$350.00"}
    ],
    "payment.receipt": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "balance": "$0.00",
            "balance_owed": False,
        },
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "refund": True,
            "reason": "Not accepted",
        },
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "refund": True,
            "reason": "Not accepted",
            "by_card": True,
        },
        {"invoice_number": "LSSCP-000001", "amount": "$100.00", "covered": True},
    ],
    "payment.refund_failed": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "failure": "Stripe could not be reached, or did not answer in time.",
        }
    ],
    "payment.refund_pending": [
        {"invoice_number": "LSSCP-000001", "amount": "$150.00", "held": "$150.00", "void": True},
        {"invoice_number": "LSSCP-000001", "amount": "$350.00", "held": "$350.00", "void": False},
    ],
    "payment.member_price": [
        {
            "invoice_number": "LSSCP-000002",
            "replaces": "LSSCP-000001",
            "organisation": "ALA",
            "amount": "$325.00",
            "due_on": DAY,
        }
    ],
    "payment.member_price_late": [
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "what_to_do": "It was paid in full before, so it stands: refund the difference of "
            "$25.00 from the invoice's page if the program agrees.",
        }
    ],
    "payment.difference_void": [
        {
            "invoice_number": "LSSCP-000002",
            "amount": "$25.00",
            "issued_on": DAY,
            "paid_number": "LSSCP-000001",
            "credit_note": "CN-LSSCP-000001",
            "action": "See the canceled invoice",
        },
        {
            "invoice_number": "LSSCP-000002",
            "amount": "$25.00",
            "issued_on": DAY,
            "paid_number": "LSSCP-000001",
            "credit_note": "CN-LSSCP-000001",
            "payer_name": "Riverside Public Library",
            "candidate_name": "Dana O'Neil",
            "billed_to": "accounts@riverside.example",
        },
    ],
    "payment.full_price": [
        {
            "invoice_number": "LSSCP-000002",
            "old_number": "LSSCP-000001",
            "old_amount": "$325.00",
            "paid": False,
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "amount": "$350.00",
            "difference": "$25.00",
            "due_on": DAY,
        },
        {
            "invoice_number": "LSSCP-000002",
            "old_number": "LSSCP-000001",
            "old_amount": "$325.00",
            "paid": True,
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "amount": "$25.00",
            "difference": "$25.00",
            "due_on": DAY,
        },
    ],
    "payment.full_price_late": [
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "what_to_do": "A card payment of it was under way, so it was left as it is: if that "
            "payment is taken, Certify invoices the difference of $25.00 itself; if it is not "
            "completed, re-price the invoice at the full price.",
        },
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "refunded": True,
            "what_to_do": "$340.00 was paid on it, so it was not replaced: nothing to do now; once "
            "it is paid in full, Certify invoices the difference of $25.00 itself.",
        },
    ],
    "payment.to_check": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "concern": "Invoice LSSCP-000001 is the enrollment fee of an application that its "
            "candidate withdrew, and they have no other application to the program: refund the "
            "payment, or keep it if they apply again (the same invoice stands for a new "
            "application).",
        }
    ],
}
