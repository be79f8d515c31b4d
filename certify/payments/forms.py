from django import forms
from django.utils import timezone

from certify.core.forms import AmountField
from certify.payments.models import Payment


def _currency_kwargs(kwargs):
    return kwargs.pop("currency", "USD")


class OfflinePaymentForm(forms.Form):
    method = forms.ChoiceField(
        label="How it was paid",
        choices=[(m.value, m.label) for m in Payment.OFFLINE_METHODS],
        error_messages={"required": "Choose how it was paid."},
    )
    amount = AmountField(label="Amount", error_messages={"required": "Enter the amount received."})
    reference = forms.CharField(
        label="Reference",
        max_length=100,
        help_text="The check number, purchase order number or the institution's reference.",
        error_messages={"required": "Enter the check, purchase order or invoice reference."},
    )
    received_on = forms.DateField(
        label="Received on",
        error_messages={
            "required": "Enter the date the payment arrived.",
            "invalid": "Enter the date as year-month-day, for example 2026-11-27.",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        currency = _currency_kwargs(kwargs)
        super().__init__(*args, **kwargs)
        self.fields["amount"].currency = currency  # type: ignore[attr-defined]
        self.fields["amount"].help_text = f"In {currency}, for example 325 or 162.50."
        self.fields["received_on"].initial = timezone.localdate()


class RefundForm(forms.Form):
    amount = AmountField(
        label="Amount to refund",
        required=False,
        help_text="Leave empty to refund everything paid; that also cancels the invoice.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the money is refunded."},
    )
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=100,
        required=False,
        help_text="For a check refund, the number of the check you send.",
    )

    def __init__(self, *args, **kwargs):
        currency = _currency_kwargs(kwargs)
        super().__init__(*args, **kwargs)
        self.fields["amount"].currency = currency  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date as year-month-day."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date as year-month-day."},
    )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The start of the period is after its end.")
        return data


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label="Invoice, name or e-mail", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Outstanding"), ("paid", "Paid"), ("refunded", "Refunded"), ("", "All")],
    )
