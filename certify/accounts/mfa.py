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


def totp_known(users: Any) -> None:
    """Answer `has_totp` for each of `users` with one query (a list page of their keys)."""
    users = [u for u in users if u is not None]
    with_totp = set(
        Authenticator.objects.filter(
            user_id__in={u.pk for u in users}, type=Authenticator.Type.TOTP
        ).values_list("user_id", flat=True)
    )
    for user in users:
        user.request_has_totp = user.pk in with_totp
