"""allauth's two-factor forms with the site's words (MFA_FORMS; ADR 0074).

allauth labeled a new key's name "Name" and its choice "Passwordless", and answered every
failed security key with a code's words ("Incorrect code.", which the site says as "That code
is not right"): a key has no code to type. Only the words change; the checks are allauth's.
"""

from typing import Any

from allauth.mfa.base import forms as base_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn import forms
from django.core.exceptions import ValidationError

NAME_LABEL = "Name of this key"
NAME_HELP = "So you can tell your keys apart: for example “Blue USB key” or “Phone”."
KEY_NOT_ADDED = (
    "The key was not added: it did not answer in time, or the browser stopped it. Press "
    "“Add the key” and try again."
)
KEY_NOT_RECOGNIZED = (
    "That key was not recognized: use a key you added to this account, or another way to "
    "confirm it is you."
)
# A person with security keys and no authenticator app types a recovery code at the second step:
# the adapter's "type the code your app shows now" sent them to an app they do not have.
RECOVERY_CODE_NOT_RIGHT = (
    "That recovery code is not right: type one of your unused recovery codes as it is written, "
    "or use your security key."
)
PASSKEY_NOT_RECOGNIZED = (
    "That passkey was not recognized: use a passkey you made on this site, or sign in with your "
    "e-mail address and password."
)


def _name_field(form: Any) -> None:
    form.fields["name"].label = NAME_LABEL
    form.fields["name"].help_text = NAME_HELP
    form.fields["name"].max_length = 100
    form.fields["name"].widget.attrs.update(autocomplete="off", maxlength="100")


class AddWebAuthnForm(forms.AddWebAuthnForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_field(self)
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = "Make it a passkey"
            self.fields["passwordless"].help_text = (
                "A passkey signs you in on its own, without your password: your phone, "
                "computer or key asks for its PIN, fingerprint or face each time."
            )

    def clean(self) -> dict[str, Any]:
        if self.has_error("credential"):
            # Sent without the key's answer (Enter in the name field, or no JavaScript): said
            # once, in words, not as Django's "(Hidden field credential) This field is required".
            self.errors.pop("credential")
            raise ValidationError(KEY_NOT_ADDED)
        try:
            return super().clean()
        except ValidationError:
            raise ValidationError(KEY_NOT_ADDED) from None


class EditWebAuthnForm(forms.EditWebAuthnForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_field(self)
        self.fields["name"].error_messages["required"] = "Give the key a name."


class _KeyWords:
    not_recognized = KEY_NOT_RECOGNIZED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sent without the key's answer (no JavaScript): the same words as a wrong key.
        self.fields["credential"].error_messages["required"] = self.not_recognized  # type: ignore[attr-defined]

    def clean_credential(self) -> Authenticator:
        try:
            return super().clean_credential()  # type: ignore[misc]
        except ValidationError:
            raise ValidationError(self.not_recognized) from None


class AuthenticateWebAuthnForm(_KeyWords, forms.AuthenticateWebAuthnForm):
    """The second step of signing in, with a key."""


class ReauthenticateWebAuthnForm(_KeyWords, forms.ReauthenticateWebAuthnForm):
    """Confirming it is you, with a key, before a change to how you sign in."""


class LoginWebAuthnForm(_KeyWords, forms.LoginWebAuthnForm):
    """Signing in with a passkey alone."""

    not_recognized = PASSKEY_NOT_RECOGNIZED


class AuthenticateForm(base_forms.AuthenticateForm):
    """The second step of signing in with a code. It knows which second factors the person has
    (`second_factors`), so the page offers their key, their app, or both; a person with keys
    alone types a recovery code here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.second_factors = set(
            Authenticator.objects.filter(user_id=self.user.pk).values_list("type", flat=True)
        )
        self.fields["code"].label = "Authenticator code" if self.has_app else "Recovery code"
        self.fields["code"].widget.attrs.pop("placeholder", None)

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except ValidationError as error:
            if self.has_app or error.code != "incorrect_code":
                raise
            raise ValidationError(RECOVERY_CODE_NOT_RIGHT, code="incorrect_code") from None

    @property
    def has_app(self) -> bool:
        return Authenticator.Type.TOTP in self.second_factors

    @property
    def has_key(self) -> bool:
        return Authenticator.Type.WEBAUTHN in self.second_factors
