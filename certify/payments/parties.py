"""The people an invoice concerns besides its own person, for a reason another app knows.

An invoice is billed to one person, but some are an organization's: a course's approval fee is
the provider's, whoever of its people submitted the course. Nobody decides their own case (ADR
0022), so program staff who act for that organization do not record a payment on, refund or
void its invoice either. Payments cannot ask the apps whose fees it bills (they import payments,
not the reverse), so an app registers a rule at start-up: `on_invoice_parties(rule)`,
`rule(invoice) -> user ids` (an empty set for invoices it does not know). No model is imported
here: the invoice workflow's relations read it.
"""

from collections.abc import Callable
from typing import Any

InvoiceParties = Callable[[Any], set[Any]]  # rule(invoice) -> the user ids it concerns
_rules: list[InvoiceParties] = []


def on_invoice_parties(rule: InvoiceParties) -> InvoiceParties:
    """Register `rule(invoice) -> user ids`: the people the invoice is about besides its own."""
    _rules.append(rule)
    return rule


def invoice_parties(invoice: Any) -> set[Any]:
    """Every registered rule's people for this invoice (none when no rule knows it)."""
    found: set[Any] = set()
    for rule in _rules:
        found |= rule(invoice)
    return found
