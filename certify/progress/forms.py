from django import forms

from certify.progress.models import PlannedSet


class ElectivesForm(forms.Form):
    electives = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Electives")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["electives"].choices = choices  # type: ignore[attr-defined]


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        choices=[c for c in PlannedSet.Route.choices if c[0]], widget=forms.RadioSelect
    )
