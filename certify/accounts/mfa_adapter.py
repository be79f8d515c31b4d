"""allauth's two-factor messages in the site's words (MFA_ADAPTER): it said "email" and did not
say where to go ("You cannot activate two-factor authentication until you have verified your
email address", also when only an added, second address is not confirmed).

Security keys and passkeys (WebAuthn, ADR 0074): the relying party a key is made for is the
site, not the host a request named: its id is the host name of `SITE_URL` (the address that is
served, ADR 0039) and its name the site's own (`SITE_NAME`), so a key made on one address is
never bound to another the app happens to answer on. New keys are named in the site's words
(allauth said "Master key", "Backup key", "Key nr. 3")."""

from typing import Any
from urllib.parse import urlsplit

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from certify.accounts.adapter import site_identity


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": (
            "While two-factor authentication is on, you cannot add an e-mail address: turn the "
            "authenticator app off and remove your security keys first."
        ),
        "cannot_delete_authenticator": "This way of signing in cannot be turned off.",
        "cannot_generate_recovery_codes": (
            "Turn on two-factor authentication (an authenticator app or a security key) before "
            "you make recovery codes."
        ),
        "incorrect_code": "That code is not right: type the code your app shows now.",
        "unverified_email": (
            "Confirm every e-mail address of your account before you set up two-factor "
            "authentication: open the link we sent, or remove the address on your e-mail "
            "addresses page."
        ),
    }

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        return {
            "id": urlsplit(settings.SITE_URL).hostname or "",
            "name": site_identity().name,
        }

    def generate_authenticator_name(self, user: Any, type: Authenticator.Type) -> str:
        n = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return "Security key" if n == 0 else f"Security key {n + 1}"
