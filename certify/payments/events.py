"""The events payments publishes (see `certify.core.events`). Other apps subscribe to them."""

from certify.core.events import declare

INVOICE_PAYLOAD = ("invoice_id", "kind", "subject", "user_id", "program_id")

INVOICE_SETTLED = declare(
    "invoice.settled",
    description="An invoice is fully paid: by card, by a payment staff recorded, or by a credit "
    "(a scholarship award) that covers what was left. Published once per invoice.",
    payload=INVOICE_PAYLOAD,
).name
INVOICE_REFUNDED = declare(
    "invoice.refunded",
    description="Everything paid on an invoice was refunded, so it is cancelled and no longer "
    "counts as settled. Published once per invoice.",
    payload=INVOICE_PAYLOAD,
).name
