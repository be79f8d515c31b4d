from django import forms

from certify.appeals.workflow import REASON_FOR_APPELLANT


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
