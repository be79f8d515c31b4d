from django import forms


class AuditFilterForm(forms.Form):
    text = forms.CharField(required=False, label="About (name, id or reason)")
    verb = forms.CharField(required=False, label="Action (e.g. application.)")
    actor = forms.CharField(required=False, label="Done by (name or e-mail)")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
