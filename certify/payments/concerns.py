"""Money that reached an invoice whose purpose has gone, for a reason another app knows.

A card payment Stripe took is always recorded (the money was taken). When it leaves more paid
than is owed, staff are told to refund it (`payment.refund_pending`). But an invoice can be paid
exactly and still be for nothing: the enrollment fee of an application its candidate withdrew,
the renewal fee of a certificate staff suspended or revoked since. Payments cannot ask the apps
whose fees it bills (they import payments, not the reverse), so an app registers a rule at
start-up: `on_money_concern(rule)`, `rule(invoice) -> str | None`, what staff should know in
their words (None when the money is where it belongs). Staff are then told once per payment
(`payment.to_check`)."""

from collections.abc import Callable
from typing import Any

MoneyConcern = Callable[[Any], str | None]  # rule(invoice) -> staff's words, or None
_rules: list[MoneyConcern] = []


def on_money_concern(rule: MoneyConcern) -> MoneyConcern:
    """Register `rule(invoice) -> words or None`: why money on it needs staff to look."""
    _rules.append(rule)
    return rule


def money_concern(invoice: Any) -> str | None:
    """The first registered rule's words for this invoice, or None."""
    for rule in _rules:
        if words := rule(invoice):
            return words
    return None
