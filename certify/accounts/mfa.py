"""Who must use two-factor authentication, and whether they have it (settings.MFA_REQUIRED_ROLES).

One answer for pages (`RequireMFAMiddleware`) and API tokens (`certify.accounts.tokens`).
"""

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings


def mfa_required(user: Any) -> bool:
    """Whether `user`'s roles (or superuser status) need two-factor authentication."""
    required = getattr(settings, "MFA_REQUIRED_ROLES", ())
    return bool(required) and bool(
        user.is_superuser or any(user.has_role(role) for role in required)
    )


def has_totp(user: Any) -> bool:
    """Whether `user` has an authenticator app; answered with the signed-in user when loaded."""
    known = getattr(user, "request_has_totp", None)
    if known is not None:
        return bool(known)
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
