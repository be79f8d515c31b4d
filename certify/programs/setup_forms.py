"""The settings page's forms: one per section, built from the section's fields (sections.py).

Fees are typed and shown in the program's currency ("350.00", labeled "US dollars") and kept in
whole cents (`AmountField`, Decimal, never float); the currency is one of `core.money.CURRENCIES`;
the reminder schedule is typed as "12, 6, 3, 1"; the technology set is chosen from the program's
own sets. What the form cannot know (the fields together) is the service's to
check; its problems come back beside their fields too (`add_service_errors`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from certify.core.codes import plain_digits
from certify.core.forms import AmountField
from certify.core.money import CURRENCIES, currency_name
from certify.programs.models import FaqEntry, Program
from certify.programs.sections import HELP, LABELS, MONEY_FIELDS, Section
from certify.programs.setup import program_sets

PROSE_FIELDS = ("overview", "ways_to_show_competence", "who_can_apply", "costs", "help_with_costs")


class ReminderMonthsField(forms.CharField):
    """ "12, 6, 3, 1" ⇄ [12, 6, 3, 1]."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(m) for m in value)
        return value

    def clean(self, value: Any) -> list[int]:
        text = super().clean(value) or ""
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if not parts:
            raise ValidationError("Give at least one reminder, for example 12, 6, 3, 1.")
        if not all(plain_digits(p) for p in parts):
            raise ValidationError("Give whole months separated by commas, e.g. 12, 6, 3, 1.")
        months = sorted({int(p) for p in parts}, reverse=True)
        if any(m < 1 or m > 60 for m in months):
            raise ValidationError("Each reminder is between 1 and 60 months before expiry.")
        return months


class LinesField(forms.CharField):
    """One name a line ⇄ ["Public", "Academic"]."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SectionForm(forms.Form):
    """A section's fields; `values()` gives what the service takes (money in cents)."""

    section: Section

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in MONEY_FIELDS:
            if name in data:
                money = data[name]
                data[name] = money.cents if money is not None else 0
        return data

    def add_service_errors(self, fields: dict[str, str]) -> None:
        for name, message in fields.items():
            self.add_error(name if name in self.fields else None, message)


def section_form_class(section: Section, program: Program) -> type[SectionForm]:
    """The form class of one section for one program (its sets are the technology choices)."""
    model_fields = forms.fields_for_model(
        Program, fields=section.fields, labels=LABELS, help_texts=HELP
    )
    fields: dict[str, forms.Field] = {}
    for name in section.fields:
        field = model_fields[name]
        if name in MONEY_FIELDS:
            field = AmountField(
                label=f"{LABELS[name]} ({currency_name(program.currency)})",
                help_text=HELP.get(name, ""),
                currency=program.currency,
                allow_zero=True,
            )
        elif name == "currency":
            offered = dict.fromkeys([*CURRENCIES, program.currency])
            field = forms.ChoiceField(
                label=LABELS[name],
                help_text=HELP[name],
                choices=[(code, f"{code} ({currency_name(code)})") for code in offered],
                error_messages={"invalid_choice": "Choose a currency from the list."},
            )
        elif name == "renewal_reminder_months":
            field = ReminderMonthsField(label=LABELS[name], help_text=HELP[name])
        elif name == "renewal_technology_set_code":
            names = dict(program.competency_sets.values_list("code", "name"))
            codes = [code for code, _ in program_sets(program)]
            field = forms.ChoiceField(
                label=LABELS[name],
                help_text=HELP[name],
                required=False,
                choices=[("", "None (no minimum on a set)")]
                + [(code, f"{names.get(code, code)} ({code})") for code in codes],
            )
        elif name == "workplace_kinds":
            field = LinesField(label=LABELS[name], help_text=HELP[name], required=False)
        elif name in ("education_required", "payment_timing"):
            field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
        elif name in PROSE_FIELDS:
            field.widget = forms.Textarea(attrs={"rows": 8})
        elif name == "check_address":
            field.widget = forms.Textarea(attrs={"rows": 4})
        if isinstance(field.widget, forms.NumberInput):
            field.widget.attrs.setdefault("inputmode", "numeric")
        fields[name] = field
    return type(f"{section.key.title()}Form", (SectionForm,), {**fields, "section": section})


def section_form(
    section: Section, program: Program, data: Any = None, prefix: str | None = None
) -> SectionForm:
    cls = section_form_class(section, program)
    initial = {name: getattr(program, name) for name in section.fields}
    return cls(data=data, initial=initial, prefix=prefix or section.key)


class NewProgramForm(forms.Form):
    name = forms.CharField(max_length=200, label="Program name")
    short_name = forms.CharField(max_length=30, label="Short name (e.g. CPLA)")
    slug = forms.SlugField(
        max_length=50,
        label="Web address name",
        help_text="Lowercase letters, digits and hyphens; the pages are /programs/<this>/. "
        "It cannot be changed later.",
    )
    certifying_body = forms.CharField(max_length=200, label="Certifying body")


class FaqForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer"]
        labels = {"question": "Question", "answer": "Answer"}
        help_texts = {"answer": "Plain text; placeholders such as {enrollment_fee} are filled in."}
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}
