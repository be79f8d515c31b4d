from django import forms


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("uphold", "Uphold the decision"),
            ("send_back", "Send it back for a new decision"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
