from django import forms

from certify.memberships.models import Organisation


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organization",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organization",
        error_messages={"required": "Choose the organization you are a member of."},
    )
    member_number = forms.CharField(
        label="Member number",
        max_length=50,
        help_text="As printed on your membership card or renewal notice.",
        error_messages={"required": "Enter your member number."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label="Valid until",
        help_text="The day your membership ends, as on your card or renewal notice.",
        error_messages={
            "required": "Enter the date your membership ends.",
            "invalid": "Enter the date as year-month-day, for example 2027-06-30.",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, organisations, fixed_organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if fixed_organisation:
            field.disabled = True


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("reject", "Not confirmed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm the membership."},
    )
    reason = forms.CharField(
        label="Reason (needed when not confirming)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SeenForm(forms.Form):
    """The member number and date the deciding page showed, sent back with the decision: a
    membership changed since is refused (the service compares). The pages write these inputs
    from the membership as it is when they render, so a refused decision shows the new ones."""

    member_number_seen = forms.CharField(required=False)
    expires_on_seen = forms.DateField(required=False)

    def seen(self) -> dict:
        if not self.is_valid():
            return {"number_seen": "", "expires_seen": None}  # unreadable: never matches
        return {
            "number_seen": self.cleaned_data["member_number_seen"] or None,
            "expires_seen": self.cleaned_data["expires_on_seen"],
        }
