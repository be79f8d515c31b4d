from typing import Any

from django import forms

from certify.certificates.badges.unbaking import image_kind
from certify.certificates.models import Certificate
from certify.certificates.register import ONE_NAME, STATE_UNKNOWN, STATES, search_terms
from certify.certificates.selectors import STAFF_FILTERS
from certify.core.errors import DomainError


def _filter_label(value: str) -> str:
    """A status filter in words ("Waiting for staff approval", not "Pending"); "expired" and
    "lapsed" say which side of the last day to renew they list."""
    if value == Certificate.EXPIRED:
        return f"{Certificate.EXPIRED_LABEL} (renewal still open)"
    if value == Certificate.LAPSED:
        return f"{Certificate.LAPSED_LABEL} (past the last day to renew)"
    return str(Certificate.Status(value).label)


class LookupForm(forms.Form):
    """`hint`: what a number looks like on this site (`numbers.number_hint`, from its programs).
    Its label is written as the field's name, without Django's colon ("Certificate number")."""

    number = forms.CharField(label="Certificate number", max_length=40)

    def __init__(self, *args: Any, hint: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = hint or "As printed on the certificate."


class CredentialForm(forms.Form):
    """A credential pasted as text or uploaded as a file (JSON, or a badge image with the
    credential baked in). The form only says which; the limits, the JSON and the check are the
    service's (`credential_check`), as for the API."""

    text = forms.CharField(
        label="Paste the credential (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label="Or upload the credential file (.json), or a badge image with it baked in "
        "(.png, .svg)",
        required=False,
        help_text="You can also drop the file here. A badge image must be the one Certify gave "
        "the holder: a screenshot or a copy saved from a web page does not carry the credential.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.png,.svg,application/json,image/png,image/svg+xml"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file") is None and not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste a credential or choose a file.")
        return data

    @property
    def size(self) -> int | None:
        """The upload's size, known before it is read; None for pasted text."""
        upload = self.cleaned_data.get("file")
        return upload.size if upload is not None else None

    @property
    def image(self) -> str | None:
        """ "png" or "svg" when the upload is a badge image (by its type or name)."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        return image_kind(media_type=upload.content_type or "", name=upload.name or "")

    def read(self) -> bytes | str:
        upload = self.cleaned_data.get("file")
        return upload.read() if upload is not None else self.cleaned_data["text"]


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *[(s, _filter_label(s)) for s in STAFF_FILTERS]],
    )
    q = forms.CharField(required=False, label="Number or name", max_length=100)


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a.capitalize()) for a in ("approve", "suspend", "reinstate", "revoke")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to suspend, reinstate or revoke; kept in the record and sent to "
        "the holder. Not shown on the public verification page.",
    )
    # The status the confirmation page was shown for: a confirmation that no longer matches the
    # certificate (someone acted first, or the form was sent twice) is refused.
    current = forms.CharField(required=False, widget=forms.HiddenInput)


class RegisterSearchForm(forms.Form):
    """The public register's search: the person's name in full (or their one name, if they
    have only one); a state narrows it."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text=f"The person's first name and family name, in full, in any order. {ONE_NAME}",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), *STATES],
        error_messages={"invalid_choice": STATE_UNKNOWN},
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        try:
            self.cleaned_data["terms"] = search_terms(name)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
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


class SetRevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why revoke this set's credential?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record and sent to the holder. The certificate is not changed.",
        error_messages={
            "required": "Give a reason: it is kept in the record and sent to the holder."
        },
    )
