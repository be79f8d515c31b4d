"""The events payments publishes (see `certify.core.events`). Other apps subscribe to them.

Three are moves of the invoice workflow (`certify/payments/workflow.py`), published by the
workflow engine as `invoice.<status>` after commit, once per invoice (payload: `invoice_id`,
`kind`, `subject`, `user_id`, `program_id`, `actor_id`, `move`):
- "invoice.paid": the invoice is fully paid, by card, by a payment staff recorded, or by a
  credit (a scholarship award) that covers what was left; Certify's `settle` move.
- "invoice.refunded": everything paid was refunded, so the invoice is cancelled and no longer
  counts as settled; staff's `refund` move.
- "invoice.void": an open invoice on which nothing was paid was voided, with a credit note (by
  staff, by Certify when the application was not accepted, or to be replaced).

And one that is not a move:
- "invoice.replaced": staff re-priced or re-issued an invoice: the old one is void and the new
  one (`invoice_id`) replaces it (`replaces_id`); `change` is "repriced" or "reissued".
"""

from certify.core.events import declare

INVOICE_PAID = "invoice.paid"
INVOICE_REFUNDED = "invoice.refunded"
INVOICE_VOID = "invoice.void"
INVOICE_REPLACED = declare(
    "invoice.replaced",
    description="Staff re-priced or re-issued an invoice: the old one is void and a new one "
    "replaces it.",
    payload=("invoice_id", "replaces_id", "kind", "user_id", "program_id", "actor_id", "change"),
).name
