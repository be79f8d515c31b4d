"""Money that reached an invoice whose purpose has gone, for a reason another app knows.

A card payment Stripe took is always recorded (the money was taken). When it leaves more paid
than is owed, staff are told to refund it (`payment.refund_pending`). But an invoice can be paid
exactly and still be for nothing: the enrollment fee of an application its candidate withdrew,
the renewal fee of a certificate staff suspended or revoked since. Payments cannot ask the apps
whose fees it bills (they import payments, not the reverse), so an app registers a rule at
start-up: `on_money_concern(rule)`, `rule(invoice, *, offline) -> str | None`, what staff
should know in their words (None when the money is where it belongs). Staff are then told once
per payment (`payment.to_check`). With `offline=True` the words are for staff about to record a
check or other offline payment on the invoice: the staff page shows them before the form, and
`payment_record` asks staff to confirm before it records such a payment (ADR 0052)."""

from collections.abc import Callable
from typing import Any

MoneyConcern = Callable[..., str | None]  # rule(invoice, *, offline: bool) -> words, or None
_rules: list[MoneyConcern] = []


def on_money_concern(rule: MoneyConcern) -> MoneyConcern:
    """Register `rule(invoice, *, offline) -> words or None`: why money on it needs staff to
    look."""
    _rules.append(rule)
    return rule


def money_concern(invoice: Any, *, offline: bool = False) -> str | None:
    """The first registered rule's words for this invoice, or None. `offline`: the words for
    staff about to record an offline payment, not for a card payment already recorded."""
    for rule in _rules:
        if words := rule(invoice, offline=offline):
            return words
    return None
