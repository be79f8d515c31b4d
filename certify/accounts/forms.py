from django import forms

from certify.accounts.models import Role
from certify.accounts.names import NAME_LOOKS_CLOSED, name_looks_closed


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it should appear on your certificate, in any script.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"]
        if name_looks_closed(name):  # staff would take the person for a closed account
            raise forms.ValidationError(NAME_LOOKS_CLOSED, code="name_looks_closed")
        return name

    def signup(self, request, user) -> None:
        """allauth calls this after saving; the adapter has already stored the name."""


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    action = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])
    reason = forms.CharField(max_length=500, required=False, help_text="Kept in the audit trail.")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or e-mail", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name", help_text="What you will use it for.")
    scopes = forms.MultipleChoiceField(
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        label="What it may do",
    )
    days = forms.IntegerField(min_value=1, max_value=366, initial=90, label="Valid for (days)")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = choices  # type: ignore[attr-defined]
