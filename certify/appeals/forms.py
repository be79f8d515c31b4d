from django import forms

from certify.appeals.workflow import GROUNDS_MISSING, REASON_FOR_APPELLANT


class GroundsForm(forms.Form):
    """The appellant's grounds; the service says how much is enough (its words, GROUNDS_MISSING,
    are the ones an empty box gets)."""

    grounds = forms.CharField(error_messages={"required": GROUNDS_MISSING})


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("uphold", "Uphold the decision"),
            ("send_back", "Send it back for a new decision"),
        ],
        widget=forms.RadioSelect,
        # the words the API answers with (ADR 0054)
        error_messages={"required": "Choose uphold or send back."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_FOR_APPELLANT},
    )
