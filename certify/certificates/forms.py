import json
from typing import Any

from django import forms

from certify.certificates.register import MIN_LETTERS, STATES, search_words
from certify.certificates.selectors import STAFF_FILTERS

CREDENTIAL_MAX_BYTES = 1024 * 1024


class LookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number",
        max_length=40,
        help_text="As printed on the certificate, e.g. LSSCP-2026-7K3Q9M2X or LSSCP-2024-000123.",
    )


class CredentialForm(forms.Form):
    """A credential pasted as text or uploaded as a file (JSON)."""

    text = forms.CharField(
        label="Paste the credential (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=CREDENTIAL_MAX_BYTES,
    )
    file = forms.FileField(label="Or upload the credential file (.json)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is not None:
            if upload.size > CREDENTIAL_MAX_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB: not a credential.")
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not text (JSON).") from error
        if not text:
            raise forms.ValidationError("Paste a credential or choose a file.")
        try:
            data["document"] = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
            ) from error
        return data


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *[(s, s.capitalize()) for s in STAFF_FILTERS]],
    )
    q = forms.CharField(required=False, label="Number or name", max_length=100)


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a.capitalize()) for a in ("approve", "suspend", "reinstate", "revoke")]
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to suspend, reinstate or revoke; kept in the record and sent to "
        "the holder. Not shown on the public verification page.",
    )


class RegisterSearchForm(forms.Form):
    """The public register's search: a name is required; a state narrows it."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="At least three letters: a first name, a family name, or both, in any order.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *STATES])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if sum(len(word) for word in search_words(name)) < MIN_LETTERS:
            raise forms.ValidationError(
                "Type at least three letters of the name: the register finds people by name, "
                "it does not list everyone."
            )
        return name


class RegisterListingForm(forms.Form):
    """The holder's choice on their account page: listed under a state, or not listed."""

    action = forms.ChoiceField(choices=[("list", "List me"), ("remove", "Remove me")])
    state = forms.ChoiceField(
        label="State to be listed under",
        required=False,
        choices=[("", "Choose a state"), *STATES],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "list" and not data.get("state"):
            self.add_error("state", "Choose the state you want to be listed under.")
        return data
