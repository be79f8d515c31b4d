"""Writes for fees and payments. Every change to an invoice's money happens under its row lock.

- `invoices`: numbering, enrollment/renewal/course-approval invoices, credits.
- `payments`: offline payments recorded by staff, refunds (the decision).
- `refunds`: card refunds sent to Stripe after the decision, tried again, retried by staff.
- `stripe`: Checkout sessions and the webhook (card payments).
- `expiries`: open Checkout sessions expired at Stripe in a retried task, once money stops.
- `voids`: void, credit notes, re-pricing and re-issuing.
- `member_price`, `full_price`: the member price given late, and taken back (ADR 0042);
  `member_difference`: what the member price makes of an invoice (reads only).
"""

from certify.payments.services.common import InvoiceReplacedError
from certify.payments.services.expiries import checkout_sessions_expire
from certify.payments.services.invoices import (
    EnrollmentInvoiceWaitsError,
    course_approval_invoice_create,
    enrollment_invoice_get_or_create,
    enrollment_invoice_issue,
    enrollment_waits_on,
    invoice_add_credit,
    invoice_remove_credit,
    renewal_invoice_create,
)
from certify.payments.services.payments import (
    amount_prompt,
    enrollment_fee_refund,
    invoice_refund,
    payment_record,
    refund_check,
    refund_plan,
)
from certify.payments.services.refunds import refund_retry, refund_send, refunds_due_send
from certify.payments.services.stripe import (
    WebhookRefusedError,
    card_payments_enabled,
    checkout_session_create,
    stripe_event_process,
    stripe_webhook_receive,
)
from certify.payments.services.voids import (
    enrollment_invoice_close,
    invoice_reissue,
    invoice_reprice,
    invoice_void,
    invoice_void_rest,
    void_check,
    void_obstacle,
)

__all__ = [
    "EnrollmentInvoiceWaitsError",
    "InvoiceReplacedError",
    "WebhookRefusedError",
    "amount_prompt",
    "card_payments_enabled",
    "checkout_session_create",
    "checkout_sessions_expire",
    "course_approval_invoice_create",
    "enrollment_fee_refund",
    "enrollment_invoice_close",
    "enrollment_invoice_get_or_create",
    "enrollment_invoice_issue",
    "enrollment_waits_on",
    "invoice_add_credit",
    "invoice_refund",
    "invoice_reissue",
    "invoice_remove_credit",
    "invoice_reprice",
    "invoice_void",
    "invoice_void_rest",
    "payment_record",
    "refund_check",
    "refund_plan",
    "refund_retry",
    "refund_send",
    "refunds_due_send",
    "renewal_invoice_create",
    "stripe_event_process",
    "stripe_webhook_receive",
    "void_check",
    "void_obstacle",
]
