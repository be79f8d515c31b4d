"""The endpoint forms: the owner (when registering), the address, the events."""

from typing import Any

from django import forms

from certify.webhooks.catalog import TYPES


class EndpointForm(forms.Form):
    owner = forms.ChoiceField(
        label="For", help_text="Whose events this address receives.", required=True
    )
    url = forms.CharField(
        label="Address (URL)",
        max_length=500,
        help_text="An https:// address on the public internet that accepts POST requests.",
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    description = forms.CharField(
        label="Description", max_length=200, required=False, help_text="Optional: what it is for."
    )
    event_types = forms.MultipleChoiceField(
        label="Events",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[str, str]] | None = None,
        event_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        self.fields["event_types"].choices = event_choices or [  # type: ignore[attr-defined]
            (t.name, t.label) for t in TYPES.values()
        ]


class ShareForm(forms.Form):
    certificate = forms.ChoiceField(label="Certificate")
    email = forms.EmailField(
        label="The employer's e-mail address",
        help_text="The address of their Certify account. They then see this certificate's status "
        "(suspended, revoked, renewed, lapsed…) whenever they look. You can stop at any time.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter the e-mail address of the employer's account.",
            "invalid": "Enter the whole address, with the part after the @, such as "
            "hr@library.org.",
        },
    )

    def __init__(self, *args: Any, certificates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = certificates  # type: ignore[attr-defined]
