"""Money on the invoice, receipt and credit note PDFs, always with its cents ("$350.00", not
"$350"): an accounts-payable clerk matches these amounts against a check or a ledger to the
cent. Pages keep `Money`'s short form; `{{ line.amount|with_cents }}`."""

from typing import Any

from django import template

from certify.core.money import CURRENCY_SYMBOLS, Money, currency_name

register = template.Library()


@register.filter
def with_cents(value: Any) -> str:
    """A `Money` written with both decimals and its sign; anything else as it is."""
    if not isinstance(value, Money):
        return "" if value is None else str(value)
    sign = "-" if value.cents < 0 else ""
    whole, frac = divmod(abs(value.cents), 100)
    symbol = CURRENCY_SYMBOLS.get(value.currency, value.currency + " ")
    return f"{sign}{symbol}{whole:,}.{frac:02d}"


@register.filter
def currency_words(code: str) -> str:
    """ "USD" → "US dollars (USD)": what a reader abroad, or a ledger, needs to know."""
    return f"{currency_name(code)} ({code})"
