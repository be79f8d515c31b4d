from decimal import Decimal, InvalidOperation

from django import forms

from certify.core.money import ForeignMarkError, Money, amount_digits, currency_units


def amount_text(cents: int) -> str:
    """Cents as a person types the amount back, in dollars: 35000 → "350.00"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


class AmountField(forms.CharField):
    """An amount typed as people write it ("325", "325.00", "$1,325.50"), kept in whole cents.
    Only the marks of its currency are taken ("$" for dollars, "€" for euros, the code in any
    currency: `core.money.amount_digits`); another currency's mark is refused in words.

    What the form is given to show (its initial value, or a model instance's field) is in cents,
    an int or a `Money`: it is shown in dollars, the way it is typed. (Shown as it came, an
    initial of 35000 cents would be read back as 35,000 dollars; left out of the initial data,
    the field came back empty and the amount had to be typed again.)"""

    def __init__(self, *args, currency: str = "USD", allow_zero: bool = False, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.allow_zero = allow_zero  # a fee a program may set to nothing (no renewal fee)

    def prepare_value(self, value):
        if isinstance(value, Money):
            return amount_text(value.cents)
        if isinstance(value, int) and not isinstance(value, bool):
            return amount_text(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            amount = Decimal(amount_digits(text, self.currency))
        except ForeignMarkError as error:
            raise forms.ValidationError(str(error)) from None
        except InvalidOperation:
            raise forms.ValidationError(
                f"Enter an amount in {currency_units(self.currency)}, for example 325 or 162.50."
            ) from None
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Enter the amount to the cent: at most two decimals.")
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise forms.ValidationError(
                "Enter an amount of zero or more."
                if self.allow_zero
                else "Enter an amount greater than zero."
            )
        return Money(int(amount * 100), self.currency)


class AuditFilterForm(forms.Form):
    text = forms.CharField(required=False, label="About (name, id or reason)")
    verb = forms.CharField(required=False, label="Action (e.g. application.)")
    actor = forms.CharField(required=False, label="Done by (name or e-mail)")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    zone = forms.ChoiceField(required=False, label="Days and times in")

    def __init__(self, *args, zones=(), **kwargs):
        """`zones`: the `core.zones.Zone`s offered, the first the page's default."""
        super().__init__(*args, **kwargs)
        self.zones = {z.name: z for z in zones}
        field = self.fields["zone"]
        field.choices = [(z.name, z.words[:1].upper() + z.words[1:]) for z in zones]  # type: ignore[attr-defined]
        if len(self.zones) < 2:
            del self.fields["zone"]  # nothing to choose

    def chosen_zone(self, default):
        """The zone chosen (a `Zone`), else `default`."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self.zones.get(data.get("zone") or "", default)
