"""The events payments publishes (see `certify.core.events`). Other apps subscribe to them.

Both are moves of the invoice workflow (`certify/payments/workflow.py`), published by the
workflow engine as `invoice.<status>` after commit, once per invoice (payload: `invoice_id`,
`kind`, `subject`, `user_id`, `program_id`, `actor_id`, `move`):
- "invoice.paid": the invoice is fully paid, by card, by a payment staff recorded, or by a
  credit (a scholarship award) that covers what was left; Certify's `settle` move.
- "invoice.refunded": everything paid was refunded, so the invoice is cancelled and no longer
  counts as settled; staff's `refund` move.
"""

INVOICE_PAID = "invoice.paid"
INVOICE_REFUNDED = "invoice.refunded"
