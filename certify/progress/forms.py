from django import forms

from certify.progress.models import PlannedSet


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        choices=[c for c in PlannedSet.Route.choices if c[0]], widget=forms.RadioSelect
    )
