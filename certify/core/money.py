"""The one money type: integer minor units (cents) and a currency code. Never a float."""

from __future__ import annotations

from dataclasses import dataclass

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£"}

# The currencies a program may charge in (ISO 4217 codes): only those counted in hundredths, as
# money is kept in whole cents; each with its name and its units in words (what a form asks for).
CURRENCIES = {
    "USD": ("US dollars", "dollars and cents"),
    "CAD": ("Canadian dollars", "dollars and cents"),
    "AUD": ("Australian dollars", "dollars and cents"),
    "NZD": ("New Zealand dollars", "dollars and cents"),
    "EUR": ("euros", "euros and cents"),
    "GBP": ("pounds sterling", "pounds and pence"),
    "CHF": ("Swiss francs", "francs and centimes"),
    "MXN": ("Mexican pesos", "pesos and centavos"),
}


def currency_name(code: str) -> str:
    """ "USD" → "US dollars"; a code not offered is itself."""
    return CURRENCIES.get(code, (code, ""))[0]


# The marks people type beside an amount, by currency (its code, in any case, is one too). "$" is
# the sign of every dollar and of the peso, so it is theirs, and refused for euros, pounds and
# francs; a mark of another currency ("€" for a program in US dollars) is refused too.
CURRENCY_MARKS = {
    "USD": ("US$", "$"),
    "CAD": ("CA$", "C$", "$"),
    "AUD": ("AU$", "A$", "$"),
    "NZD": ("NZ$", "$"),
    "EUR": ("€",),
    "GBP": ("£",),
    "CHF": ("Fr.",),
    "MXN": ("MX$", "$"),
}


class ForeignMarkError(ValueError):
    """An amount typed with the mark of another currency (`mark`)."""

    def __init__(self, mark: str, currency: str) -> None:
        super().__init__(mark)
        self.mark, self.currency = mark, currency

    def __str__(self) -> str:
        return (
            f"Amounts here are in {currency_name(self.currency)}, so “{self.mark}” does not "
            f"belong: type the amount in {currency_units(self.currency)}, for example 325 or "
            "162.50."
        )


def amount_digits(text: str, currency: str) -> str:
    """`text` without its currency marks and thousands commas ("$1,325.50" → "1325.50"), the
    marks allowed being those of `currency` (or of any currency when it is not known yet).
    Raises `ForeignMarkError` for a mark of another currency: "$" typed for euros."""
    own = {currency, *CURRENCY_MARKS.get(currency, ())} if currency else None
    marks = {*CURRENCIES, *(m for ms in CURRENCY_MARKS.values() for m in ms)}
    rest = text.upper()
    for mark in sorted(marks, key=len, reverse=True):
        if mark.upper() in rest:
            if own is not None and mark not in own:
                raise ForeignMarkError(mark, currency)
            rest = rest.replace(mark.upper(), " ")
    return rest.replace(",", "").strip()


def currency_units(code: str) -> str:
    """ "USD" → "dollars and cents", "GBP" → "pounds and pence" (a form's error asks in them)."""
    return CURRENCIES.get(code, ("", f"{code}, to the hundredth"))[1]


@dataclass(frozen=True, slots=True, order=True)
class Money:
    cents: int
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.cents, int) or isinstance(self.cents, bool):
            raise TypeError("Money is counted in whole cents (an int).")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.cents - other.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"Cannot combine {self.currency} and {other.currency}.")

    def __str__(self) -> str:
        """The same as `with_cents()`: an amount that reaches a person through an f-string or
        a template without the filter still says its cents. The short form ("$350") is gone
        (2026-12-07): beside a PDF or a page saying "$350.00" it read as another amount."""
        return self.with_cents()

    def with_cents(self) -> str:
        """Both decimals, thousands separated, sign first: "$350.00", "$0.01", "-$1,234.50".
        The one way money is written where people read it (pages, e-mails, PDFs, messages,
        refusals, the API's words): a payer matches the amount against a check or a ledger to
        the cent. Templates use the filter `{{ amount|with_cents }}` (`{% load money %}`), which
        calls this; Python words call it by name, so a reader sees which form is meant."""
        sign = "-" if self.cents < 0 else ""
        whole, frac = divmod(abs(self.cents), 100)
        symbol = CURRENCY_SYMBOLS.get(self.currency, self.currency + " ")
        return f"{sign}{symbol}{whole:,}.{frac:02d}"
