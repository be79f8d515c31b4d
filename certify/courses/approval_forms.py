"""The forms program staff stop or reinstate a course's approval with, and close a returned
renewal with (ADR 0009)."""

from typing import Any, cast

from django import forms

ACTIONS = [
    ("suspend", "Suspend the approval (it can be reinstated)"),
    ("revoke", "Revoke the approval (final)"),
    ("reinstate", "Reinstate the suspended approval"),
]


class ApprovalStopForm(forms.Form):
    action = forms.ChoiceField(
        choices=ACTIONS,
        widget=forms.RadioSelect,
        label="What to do",
        error_messages={"required": "Choose suspend, revoke or reinstate."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label="Reason",
        help_text="The provider reads it, and so do candidates whose plan names the course.",
    )

    def __init__(self, *args: Any, suspended: bool = False, **kwargs: Any) -> None:
        """A suspended approval is reinstated or revoked; a running one suspended or revoked."""
        super().__init__(*args, **kwargs)
        offered = ("reinstate", "revoke") if suspended else ("suspend", "revoke")
        field = cast(forms.ChoiceField, self.fields["action"])
        field.choices = [(key, label) for key, label in ACTIONS if key in offered]


class RenewalCloseForm(forms.Form):
    """Beside the stop form on a returned renewal's page: its own prefix keeps the ids apart."""

    prefix = "close"
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        label="Why the renewal is closed",
        help_text="The provider reads it.",
    )
