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
        # What another app says no longer stands (a withdrawn application): the page says it
        # before the form, and the payment is recorded only with this box ticked.
        concern = kwargs.pop("concern", None)
        super().__init__(*args, **kwargs)
        if concern:
            self.fields["record_anyway"] = forms.BooleanField(
                label="Record it all the same",
                required=False,
                help_text="Only if the payment belongs here, as the warning above explains.",
            )
        self.fields["amount"].currency = currency  # type: ignore[attr-defined]
        self.fields["amount"].help_text = f"In {currency}, for example 325 or 162.50."
        self.fields["received_on"].initial = timezone.localdate()


class RefundForm(forms.Form):
    """A refund: the amount is always typed (the service refuses a missing one in words that
    name what may be refunded); the confirmation page adds what was refundable when it was
    shown (`refundable_seen`), so that a stale or replayed confirmation is refused."""

    amount = AmountField(
        label="Amount to refund",
        required=False,  # the service says what is missing: "Enter the amount…, up to …"
        help_text="Refunding everything paid also cancels the invoice.",
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
    refundable_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        currency = _currency_kwargs(kwargs)
        refundable = kwargs.pop("refundable", None)
        # Its own ids: the invoice page shows it under the payment form, which has an amount
        # and a reference too (the same ids sent "Amount to refund" to the payment's amount).
        kwargs.setdefault("auto_id", "id_refund_%s")
        super().__init__(*args, **kwargs)
        self.fields["amount"].currency = currency  # type: ignore[attr-defined]
        if refundable is not None:
            self.fields["amount"].help_text = (
                f"In {currency}, up to {refundable.with_cents()}. Refunding all of it also "
                "cancels the invoice."
            )


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
        choices=[
            ("open", "Outstanding"),
            ("paid", "Paid"),
            ("refunded", "Refunded"),
            ("void", "Void"),
            ("refund_pending", "Refund pending"),
            ("", "All"),
        ],
    )


# Void, re-price, re-issue (ADR 0041). Each has a prefix: the invoice page shows them together.

CONFIRM = "confirmed"  # the hidden field the warning step adds: only then is the change made


def _reason(help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
        error_messages={
            "required": "Say why the invoice is void: the credit note and the person billed "
            "read it."
        },
    )


class VoidForm(forms.Form):
    prefix = "void"
    reason = _reason("Printed on the credit note; the person billed reads it.")


class RepriceForm(forms.Form):
    prefix = "reprice"
    amount = AmountField(
        label="Corrected price",
        error_messages={"required": "Enter the corrected price."},
    )
    reason = _reason("For example: confirmed member (member no. 12345). Printed on both documents.")

    def __init__(self, *args, **kwargs):
        currency = _currency_kwargs(kwargs)
        member_price = kwargs.pop("member_price", "")
        super().__init__(*args, **kwargs)
        self.fields["amount"].currency = currency  # type: ignore[attr-defined]
        self.fields["amount"].help_text = f"In {currency}" + (
            f"; the member price is {member_price}." if member_price else "."
        )


class ReissueForm(forms.Form):
    prefix = "reissue"
    due_on = forms.DateField(
        label="New due date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: 30 days from today.",
        error_messages={"invalid": "Enter the date as year-month-day, for example 2026-11-27."},
    )
    bill_to_name = forms.CharField(
        label="Bill to (optional)",
        max_length=200,
        required=False,
        help_text="Empty: the same name as now, for example an employer's name.",
    )
    bill_to_email = forms.EmailField(
        label="Billing e-mail (optional)",
        required=False,
        error_messages={"invalid": "Enter an e-mail address, for example name@library.org."},
    )
    reason = _reason("Printed on the credit note of the void invoice.")
