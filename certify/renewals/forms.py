from typing import Any, cast

from django import forms

from certify.accounts.models import User
from certify.casework.api import ASSIGNED_CHOICES
from certify.core.uploads import limits_in_words as in_words
from certify.programs.api import competency_sets_of, program_list
from certify.programs.models import CompetencySet, Program
from certify.renewals import workflow
from certify.renewals.models import CeActivity, Renewal
from certify.renewals.selectors import holder_sets
from certify.renewals.services.ce_log import ACTIVITY_REQUIRED


def _required(name: str) -> dict[str, str]:
    """The service's words for a value left out (the API's too)."""
    return {"required": ACTIVITY_REQUIRED[name]}


class DateInput(forms.DateInput):
    input_type = "date"


class CeActivityForm(forms.Form):
    """What the holder types about one activity; the service applies the rules."""

    # Lengths, dates and amounts are the service's to refuse, in the same words as the API's.
    title = forms.CharField(label="Title of the activity", error_messages=_required("title"))
    provider = forms.CharField(
        label="Provider",
        help_text="Who offered it: a college, association…",
        error_messages=_required("provider"),
        # The providers of the activities already logged, to pick (WCAG 3.3.7): `log.html`.
        widget=forms.TextInput(attrs={"list": "earlier-providers"}),
    )
    completed_on = forms.DateField(
        label="Date completed", widget=DateInput, error_messages=_required("completed_on")
    )
    format = forms.ChoiceField(
        label="Unit", choices=CeActivity.Format.choices, initial=CeActivity.Format.HOURS
    )
    amount = forms.DecimalField(
        label="Amount",
        error_messages=_required("amount"),
        help_text="In the unit chosen, e.g. 3 (hours), 1 (semester credit) or 0.5 (a half day).",
    )
    # Asked for, not required: an activity tied to no set is kept in the log but its hours do
    # not count until its holder chooses the sets (the log says so beside it).
    competency_sets = forms.ModelMultipleChoiceField(
        label="Competency sets it covers",
        queryset=CompetencySet.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text=in_words(
            "A certificate of attendance, transcript or similar: PDF, picture or document, "
            "{limits}."
        ),
    )

    def __init__(
        self, *args: Any, program: Program, holder: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["competency_sets"])
        # The sets of the holder's own framework version (ADR 0056); the published one's else.
        field.queryset = (
            holder_sets(holder=holder, program=program)
            if holder is not None
            else competency_sets_of(program_id=program.pk)
        )
        field.help_text = "Choose at least one: only activities tied to a competency set count."
        code, minimum = program.renewal_technology_set_code, program.renewal_technology_hours
        if code and minimum:
            # The set's name, as the progress above says it ("2 of 4 on Technology"): its code
            # means nothing to a holder.
            name = field.queryset.filter(code=code).values_list("name", flat=True).first()
            field.help_text += (
                f" Hours tied to {name or 'the set coded ' + code} also count toward the "
                f"{minimum} hours needed on {'it' if name else 'that set'}."
            )

    @classmethod
    def for_activity(
        cls, activity: CeActivity, *, program: Program, holder: User | None = None
    ) -> "CeActivityForm":
        return cls(
            program=program,
            holder=holder,
            initial={
                "title": activity.title,
                "provider": activity.provider,
                "completed_on": activity.completed_on,
                "format": activity.format,
                "amount": activity.amount,
                "competency_sets": [s.pk for s in activity.competency_sets.all()],
            },
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "provider": data["provider"],
            "completed_on": data["completed_on"],
            "format": data["format"],
            "amount": data["amount"],
            "set_ids": [s.pk for s in data["competency_sets"]],
            "evidence": data.get("evidence"),
        }


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=list(workflow.ACTION_LABELS.items()),
        widget=forms.RadioSelect,
        # the service's words, so the page and the API say the same (ADR 0054)
        error_messages={"required": "Choose approve, ask for more evidence, or refuse."},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to ask for more evidence or to refuse: the holder reads it.",
    )
    # The renewal's `updated_at` the page showed (the page writes it): a decision covers what
    # its decider read, not a renewal changed since.
    updated_at_seen = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Renewal.Status.choices]
    )
    audited = forms.ChoiceField(
        label="Chosen at random for an evidence check",
        required=False,
        choices=[("", "Either"), ("yes", "Chosen"), ("no", "Not chosen")],
    )
    q = forms.CharField(required=False, label="Number, name or e-mail", max_length=100)
    assigned = forms.ChoiceField(required=False, label="Assigned to", choices=ASSIGNED_CHOICES)
    program = forms.ChoiceField(required=False, label="Program")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programs = program_list(published_only=False).values_list("slug", "short_name")
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", "Every program"),
            *programs,
        ]


class ReinstateForm(forms.Form):
    renew_by = forms.DateField(
        label="Last day to renew",
        widget=DateInput,
        help_text="The holder may apply to renew until this day.",
        # the service's words, so the page and the API say the same (ADR 0054)
        error_messages={"required": "Choose the last day the holder may apply to renew."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record; the holder reads it.",
        error_messages={
            "required": "Give a reason: it is kept in the record and the holder reads it."
        },
    )
