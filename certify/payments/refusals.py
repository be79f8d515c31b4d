"""Invoices Certify takes no money for just now, for a reason another app knows.

Payments cannot ask the apps whose fees it bills (renewals imports payments, not the reverse), so
an app registers a rule at start-up: `on_pay_refusal(rule)`, `rule(invoice) -> str | None`, the
reason in the payer's words, or None. Renewals refuses a renewal fee while the certificate being
renewed is suspended or revoked (ADR 0014). The card checkout refuses it (nothing is written:
no session is opened, the invoice is unchanged) and the invoice page says why instead of how to
pay. A payment already made (Stripe's webhook, a check staff record) is kept as before."""

from collections.abc import Callable

from certify.payments.models import Invoice

PayRefusal = Callable[[Invoice], str | None]
_rules: list[PayRefusal] = []


def on_pay_refusal(rule: PayRefusal) -> PayRefusal:
    """Register `rule(invoice) -> reason or None`: why no money is taken for it now."""
    _rules.append(rule)
    return rule


def pay_refusal(invoice: Invoice) -> str | None:
    """Why this invoice cannot be paid now (the first rule's reason), or None."""
    for rule in _rules:
        reason = rule(invoice)
        if reason:
            return reason
    return None
