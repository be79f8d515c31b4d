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
        sign = "-" if self.cents < 0 else ""
        whole, frac = divmod(abs(self.cents), 100)
        symbol = CURRENCY_SYMBOLS.get(self.currency, self.currency + " ")
        amount = f"{whole:,}" if frac == 0 else f"{whole:,}.{frac:02d}"
        return f"{sign}{symbol}{amount}"
