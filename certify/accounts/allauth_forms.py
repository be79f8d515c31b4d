"""allauth's forms with the site's labels (ACCOUNT_FORMS): allauth's said "Email", "Remember Me",
"Current Password" and "New Password (again)", in title case and without the hyphen the site's
"e-mail" has. Only the words change; fields, checks and autocomplete hints are allauth's."""

from typing import Any

from allauth.account import forms
from django.core.exceptions import ValidationError


def _relabel(form: Any, labels: dict[str, str]) -> None:
    """New labels; a placeholder that repeated allauth's ("Email address") goes: the label says
    it, and a placeholder's pale text reads as something already typed."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


EMAIL = "E-mail address"


class LoginForm(forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"login": EMAIL, "remember": "Keep me signed in on this device"})

    def clean(self) -> dict[str, Any]:
        """An address and password that do not match: said beside the password, which it
        describes (aria-describedby), not in a list above the form that no field points to."""
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "email_password_mismatch":
                raise
            self.add_error("password", error)
            return self.cleaned_data


class SignupForm(forms.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": EMAIL, "password2": "Password again"})


class AddEmailForm(forms.AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": EMAIL})


class ResetPasswordForm(forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": EMAIL})


NEW_PASSWORD = {"password1": "New password", "password2": "New password again"}


class ChangePasswordForm(forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"oldpassword": "Current password", **NEW_PASSWORD})


class SetPasswordForm(forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password2": "Password again"})


class ResetPasswordKeyForm(forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, NEW_PASSWORD)
