"""Money where people read it, always with its cents ("$350.00", not "$350"): pages, e-mails
and the invoice, receipt and credit note PDFs of every app (`{% load money %}`,
`{{ line.amount|with_cents }}`). A payer or an accounts-payable clerk matches these amounts
against a check or a ledger to the cent, and a page that says "$150" beside a PDF that says
"$150.00" makes them wonder whether the two are one amount. The writing itself is
`Money.with_cents()`, which Python words (e-mail contexts, messages, the API) call directly."""

from typing import Any

from django import template

from certify.core.money import Money, currency_name

register = template.Library()


@register.filter
def with_cents(value: Any) -> str:
    """A `Money` written with both decimals and its sign; anything else as it is."""
    if not isinstance(value, Money):
        return "" if value is None else str(value)
    return value.with_cents()


@register.filter
def currency_words(code: str) -> str:
    """ "USD" → "US dollars (USD)": what a reader abroad, or a ledger, needs to know."""
    return f"{currency_name(code)} ({code})"
