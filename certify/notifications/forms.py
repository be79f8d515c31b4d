from django import forms

from certify.notifications.events import optional_events


class PreferencesForm(forms.Form):
    """One checkbox per optional e-mail; essential ones are listed but cannot be unchecked."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for event in optional_events():
            self.fields[event.key] = forms.BooleanField(
                label=event.label, required=False, initial=current.get(event.key, True)
            )


class TestEmailForm(forms.Form):
    to = forms.EmailField(label="Send a test e-mail to")
