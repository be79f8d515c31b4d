from django import forms
from django.forms.models import ModelChoiceIterator

from certify.core.widgets import QuickSelect
from certify.programs.models import Program
from certify.reports.filters import Filters, Period


class ReportFilterForm(forms.Form):
    """The date range and period of a report; what was typed stays in the form."""

    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a date, e.g. 2026-01-31."},
    )
    end = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a date, e.g. 2026-12-31."},
    )
    period = forms.ChoiceField(
        choices=Period.CHOICES,
        required=False,
        initial=Period.MONTH,
        label="Periods of",
        widget=QuickSelect,
    )

    FIELDS: tuple[str, ...] = ("start", "end", "period")

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                f"The end date ({end:%B %-d, %Y}) is before the start date ({start:%B %-d, %Y}); "
                "choose an end date on or after the start.",
            )
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            program=data.get("program"),
            period=data.get("period") or Period.MONTH,
        )


class PlainChoiceIterator(ModelChoiceIterator):
    """The choices in one plain query. Django's default, `.iterator()`, opens a server-side
    cursor on PostgreSQL (DECLARE ... WITH HOLD), which cost more than reading the few rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ProgramChoiceField(forms.ModelChoiceField):
    iterator = PlainChoiceIterator


class StaffReportFilterForm(ReportFilterForm):
    program = ProgramChoiceField(
        queryset=Program.objects.order_by("name"),
        required=False,
        empty_label="All programs",
        label="Program",
        widget=QuickSelect,
    )

    FIELDS = ("start", "end", "program", "period")
