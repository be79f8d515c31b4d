"""allauth's forms with the site's labels (ACCOUNT_FORMS): allauth's said "Email", "Remember Me",
"Current Password" and "New Password (again)", in title case and without the hyphen the site's
"e-mail" has; Django's field errors ("This field is required.", "Enter a valid email address.")
say what to type. Only the words change; fields, checks and autocomplete hints are allauth's."""

from typing import Any

from allauth.account import forms
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def _relabel(form: Any, labels: dict[str, str]) -> None:
    """New labels; a placeholder that repeated allauth's ("Email address") goes: the label says
    it, and a placeholder's pale text reads as something already typed."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)
    django_required = str(django_forms.Field.default_error_messages["required"])
    for field in form.fields.values():
        if (
            field.required
            and field.label
            and str(field.error_messages["required"]) == (django_required)
        ):
            field.error_messages["required"] = (
                f"Type your {field.label[0].lower()}{field.label[1:]}."
            )
        if isinstance(field, django_forms.EmailField):
            field.error_messages["invalid"] = EMAIL_INVALID


EMAIL = "E-mail address"
EMAIL_INVALID = "Enter a valid e-mail address, like name@example.org."
PASSWORDS_DIFFER = "The two passwords are not the same: type the same password in both."
_ALLAUTH_PASSWORDS_DIFFER = "You must type the same password each time."


class _SamePassword:
    """allauth's "You must type the same password each time." beside the second password, in
    the site's words; allauth's check is unchanged."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        errors = self.errors.get("password2")  # type: ignore[attr-defined]
        if errors:
            errors.data = [
                ValidationError(PASSWORDS_DIFFER, code="password_mismatch")
                if str(getattr(e, "message", e)) == gettext(_ALLAUTH_PASSWORDS_DIFFER)
                else e
                for e in errors.data
            ]
        return cleaned


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


class SignupForm(_SamePassword, forms.SignupForm):
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


class ChangePasswordForm(_SamePassword, forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"oldpassword": "Current password", **NEW_PASSWORD})


class SetPasswordForm(_SamePassword, forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password2": "Password again"})


class ResetPasswordKeyForm(_SamePassword, forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, NEW_PASSWORD)
