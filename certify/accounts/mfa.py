"""Who must use two-factor authentication, and whether they have it (settings.MFA_REQUIRED_ROLES).

One answer for pages (`RequireMFAMiddleware`), role grants (`services.role_grant_check`), API
tokens (`certify.accounts.tokens`) and the keys other apps issue: a person has two-factor
authentication when they have an authenticator app or a security key (a passkey is one), the
two second factors allauth signs in with (`SECOND_FACTORS`). Recovery codes alone are not one:
allauth makes them only beside an app or a key, and removes them with the last of those.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def mfa_required(user: Any) -> bool:
    """Whether `user`'s roles (or superuser status) need two-factor authentication."""
    required = getattr(settings, "MFA_REQUIRED_ROLES", ())
    return bool(required) and bool(
        user.is_superuser or any(user.has_role(role) for role in required)
    )


def second_factors(user: Any) -> Any:
    """`user`'s authenticator apps and security keys (a queryset; for `Exists` or `.exists()`)."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS)


def has_two_factor(user: Any) -> bool:
    """Whether `user` has an authenticator app or a security key; answered with the signed-in
    user when loaded (`request_has_two_factor`, certify/accounts/backends.py)."""
    known = getattr(user, "request_has_two_factor", None)
    if known is not None:
        return bool(known)
    return second_factors(user).exists()


def with_two_factor(user_ids: Any) -> set[int]:
    """Which of `user_ids` have an authenticator app or a security key, in one query."""
    return set(
        Authenticator.objects.filter(
            user_id__in=set(user_ids), type__in=SECOND_FACTORS
        ).values_list("user_id", flat=True)
    )


def two_factor_known(users: Any) -> None:
    """Answer `has_two_factor` for each of `users` with one query (a list page of their keys)."""
    users = [u for u in users if u is not None]
    with_two_factor_ids = with_two_factor(u.pk for u in users)
    for user in users:
        user.request_has_two_factor = user.pk in with_two_factor_ids
