"""Invoices Certify takes no money for just now, for a reason another app knows.

Payments cannot ask the apps whose fees it bills (renewals imports payments, not the reverse), so
an app registers a rule at start-up: `on_pay_refusal(rule)`, `rule(invoice, *, staff) -> str |
None`, the reason in the payer's words (or, with `staff=True`, in the words of staff recording an
offline payment), or None. Renewals refuses a renewal fee while the certificate being
renewed is suspended or revoked, or once it has lapsed (ADR 0014); courses, a course's fee
while its approval or its provider's is suspended (ADR 0009). The card checkout refuses it
(nothing is written: no session is opened, the invoice is unchanged) and the invoice page says
why instead of how to pay; staff recording a check or other offline payment for it are refused
too, page and API (`payment_record`). A card payment already under way (Stripe's webhook) is
kept as before.

The same way, `on_refund_refusal(rule)`, `rule(invoice) -> str | None`: why staff may not
refund the money on an invoice now, in their words and saying what they can do instead.
`refund_check` refuses with it (the refund's confirmation page, the refund itself and the
API's). Renewals refuses the fee of a refused renewal that the holder's next renewal, still
open, is using (ADR 0014)."""

from collections.abc import Callable

from certify.payments.models import Invoice

PayRefusal = Callable[..., str | None]  # rule(invoice, *, staff: bool) -> reason or None
_rules: list[PayRefusal] = []


def on_pay_refusal(rule: PayRefusal) -> PayRefusal:
    """Register `rule(invoice, *, staff) -> reason or None`: why no money is taken for it now."""
    _rules.append(rule)
    return rule


def pay_refusal(invoice: Invoice, *, staff: bool = False) -> str | None:
    """Why this invoice cannot be paid now (the first rule's reason), or None. `staff`: the
    words for staff recording an offline payment, not for the payer."""
    for rule in _rules:
        reason = rule(invoice, staff=staff)
        if reason:
            return reason
    return None


RefundRefusal = Callable[[Invoice], str | None]
_refund_rules: list[RefundRefusal] = []


def on_refund_refusal(rule: RefundRefusal) -> RefundRefusal:
    """Register `rule(invoice) -> reason or None`: why staff may not refund it now."""
    _refund_rules.append(rule)
    return rule


def refund_refusal(invoice: Invoice) -> str | None:
    """Why staff may not refund money on this invoice now (the first rule's reason), or None."""
    for rule in _refund_rules:
        reason = rule(invoice)
        if reason:
            return reason
    return None
