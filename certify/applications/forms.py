from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField  # type: ignore[attr-defined]

from certify.applications.experience_checks import (
    MAX_WEEKLY_HOURS,
    REQUIRED,
    experience_problems,
    required_messages,
)
from certify.applications.models import Application, ExperienceEntry
from certify.casework.api import ASSIGNED_CHOICES
from certify.core.widgets import QuickSelect
from certify.programs.api import kind_choices, kind_label, program_list, program_today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HoursInput(forms.NumberInput):
    """Hours as a person types them: a stored 20.00 comes back as "20", 12.50 as "12.5"."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = f"{value:f}" if value != value.to_integral() else f"{value:.0f}"
            value = value.rstrip("0").rstrip(".") if "." in value else value
        return super().format_value(value)


class EducationForm(forms.ModelForm):
    education_country = LazyTypedChoiceField(
        choices=countries, label="Country where you got it", initial="US"
    )

    class Meta:
        model = Application
        fields = [
            "education_level",
            "education_accredited",
            "education_country",
            "education_note",
            "attested",
        ]
        labels = {
            "education_level": "Your highest level of education",
            "education_note": "About your education (only if it was outside the US)",
            "attested": "I confirm that the information in this application is true.",
        }
        widgets = {
            "education_level": forms.RadioSelect,
            "education_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.fields["education_level"]
        level.required = False
        level.choices = Application.Education.choices  # type: ignore[attr-defined]  # no blank
        program = getattr(self.instance, "program", None) if self.instance.program_id else None
        accredited = self.fields["education_accredited"]
        if program is not None and program.education_accreditor:
            accredited.label = (
                f"My degree is from a program accredited by {program.education_accreditor}."
            )
        else:
            accredited.label = "My degree is from an accredited program."


class ExperienceForm(forms.ModelForm):
    # Without a program (the two doors' tests): LSSCP's types of library, as before.
    library_type = forms.ChoiceField(
        label="Type of library",
        choices=[("", "Choose the type of library"), *ExperienceEntry.LibraryType.choices],
    )

    class Meta:
        model = ExperienceEntry
        fields = [
            "library_name",
            "library_type",
            "role",
            "paid",
            "start_date",
            "end_date",
            "hours_mode",
            "hours_per_week",
            "total_hours",
            "supervisor_name",
            "supervisor_email",
        ]
        labels = {
            "library_name": "Library",
            "library_type": "Type of library",
            "role": "Your role or job title",
            "paid": "This was paid work (uncheck for volunteer work)",
            "start_date": "Start date",
            "end_date": "End date",
            "hours_mode": "How will you give the hours?",
            "hours_per_week": "Hours per week",
            "total_hours": "Total hours",
            "supervisor_name": "Supervisor's name (optional)",
            "supervisor_email": "Supervisor's e-mail (optional)",
        }
        help_texts = {
            "end_date": "Leave empty if you still work there.",
            "hours_per_week": f"In a usual week; at most {MAX_WEEKLY_HOURS}.",
        }
        widgets = {
            # What the candidate typed for her other jobs, offered to pick (`earlier_answers`).
            "library_name": forms.TextInput(attrs={"list": "earlier-library_name"}),
            "supervisor_name": forms.TextInput(attrs={"list": "earlier-supervisor_name"}),
            "supervisor_email": forms.EmailInput(attrs={"list": "earlier-supervisor_email"}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "hours_mode": forms.RadioSelect,
            "hours_per_week": HoursInput(attrs={"step": "0.5", "min": "0"}),
            "total_hours": HoursInput(attrs={"step": "0.5", "min": "0"}),
        }
        # The same words as the API's (the service's) for a value left out
        error_messages = {name: {"required": message} for name, message in REQUIRED.items()}

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is None and self.instance.application_id:
            program = self.instance.application.program
        self.program = program  # whose day "today" is (the service's check counts the same)
        if program is not None:
            self._in_program_words(program)

    def _in_program_words(self, program) -> None:
        """The program's workplace and kinds (programs/experience.py): LSSCP's "Library" and
        types of library, another program's own words, no kind when it offers none."""
        words = program.experience_words
        name = self.fields["library_name"]
        name.label = words.workplace
        name.error_messages["required"] = required_messages(words.noun)["library_name"]
        choices = kind_choices(program)
        stored = self.instance.library_type if self.instance.pk else ""
        if stored and stored not in dict(choices):  # a kind no longer offered stays the entry's
            choices.append((stored, kind_label(program, stored)))
        if not choices:
            del self.fields["library_type"]
            return
        self.fields["library_type"] = forms.ChoiceField(
            label=words.kind_label,
            # Words a screen reader can say (Django's "---------" is read out as dashes).
            choices=[("", f"Choose the type of {words.noun}"), *choices],
            error_messages={"required": f"Choose the type of {words.noun}."},
        )

    def clean(self):
        """The service's own checks (`experience_checks`), so the page and the API refuse the
        same entries with the same words, each beside its field."""
        data = super().clean() or {}
        problems = experience_problems(
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            hours_mode=data.get("hours_mode") or "",
            hours_per_week=data.get("hours_per_week"),
            total_hours=data.get("total_hours"),
            today=program_today(self.program) if self.program else timezone.localdate(),
        )
        for field, message in problems.items():
            if field not in self.errors:  # a number that could not be read says so already
                self.add_error(field, message)
        return data


def experience_forms(
    application: Application, entries: list[ExperienceEntry], extra: dict[str, Any]
) -> dict[str, Any]:
    """The forms of the application's entries and of a new one, in its program's words; the one
    a refused save brought back (in `extra`) is kept as typed."""
    program = application.program
    return {
        "entry_forms": extra.pop("entry_forms", None)
        or [(e, ExperienceForm(instance=e, prefix=f"e{e.pk}", program=program)) for e in entries],
        "new_entry_form": extra.pop("new_entry_form", None)
        or ExperienceForm(prefix="new", program=program),
    }


# A second job at the same library, or under the same supervisor, need not be typed again: these
# answers from the application's other jobs are offered as choices (<datalist>, WCAG 3.3.7).
EARLIER_ANSWERS = ("library_name", "supervisor_name", "supervisor_email")


def earlier_answers(entries: list[ExperienceEntry]) -> dict[str, list[str]]:
    """Each field's distinct answers in the application's jobs, for the <datalist>s."""
    return {
        name: sorted({value for entry in entries if (value := getattr(entry, name))})
        for name in EARLIER_ANSWERS
    }


class DecisionForm(forms.Form):
    DECISIONS = [
        ("accept", "Accept"),
        ("more_info", "Ask for more information"),
        ("reject", "Reject"),
    ]
    # What the staff member reads once the decision is recorded: a sentence, not the choice.
    DONE = {
        "accept": "You accepted the application. The candidate was told.",
        "more_info": "You asked the candidate for more information. They were told what to add.",
        "reject": "You did not accept the application. The candidate was told, with your reason.",
    }
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required to ask for information, to reject, and to accept education from "
        "outside the US. The candidate reads it.",
    )
    # When the application the page showed was submitted (the page writes it): a decision
    # covers that submission, not one the candidate sent again since.
    submitted_at_seen = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class ExtendDeadlineForm(forms.Form):
    new_deadline = forms.DateField(widget=DateInput(), label="New deadline")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the record for staff. The candidate is told the new deadline by "
        "e-mail, not the reason.",
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Waiting for staff or candidate"),
            *[c for c in Application.Status.choices if c[0] != Application.Status.DRAFT],
        ],
        widget=QuickSelect,
    )
    flagged = forms.BooleanField(required=False, label="Flagged for a closer look")
    outside_us = forms.BooleanField(required=False, label="Education outside the US")
    country = LazyTypedChoiceField(
        choices=[("", "Any country"), *countries], required=False, widget=QuickSelect
    )
    waiting_days = forms.IntegerField(required=False, min_value=0, label="Waiting at least (days)")
    late = forms.BooleanField(required=False, label="Waiting past their program's target")
    q = forms.CharField(required=False, label="Name or e-mail")
    assigned = forms.ChoiceField(required=False, label="Assigned to", choices=ASSIGNED_CHOICES)
    program = forms.ChoiceField(required=False, label="Program", widget=QuickSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each program's applications on their own (staff of one need not read another's).
        programs = program_list(published_only=False).values_list("slug", "short_name")
        self.fields["program"].choices = [("", "Every program"), *programs]  # type: ignore[attr-defined]


class SupervisorResponseForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("confirm", "The hours are right"), ("correct", "The hours need a correction")],
        widget=forms.RadioSelect,
        label="Your answer",
        error_messages={"required": "Say whether the hours are right or need a correction."},
    )
    hours = forms.DecimalField(required=False, min_value=0, label="The correct hours (same unit)")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="A note for the program staff (optional)",
    )


class AppealGroundsForm(forms.Form):
    grounds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="Grounds of your appeal"
    )
