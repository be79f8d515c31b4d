"""Who must use two-factor authentication, and whether they have it (settings.MFA_REQUIRED_ROLES).

One answer for pages (`RequireMFAMiddleware`), role grants (`services.role_grant_check`), API
tokens (`certify.accounts.tokens`) and the keys and endpoints other apps let act as their maker
(`two_factor_stop`, the one rule for all of them, ADR 0023): a person has two-factor
authentication when they have an authenticator app or a security key (a passkey is one), the
two second factors allauth signs in with (`SECOND_FACTORS`). Recovery codes alone are not one:
allauth makes them only beside an app or a key, and removes them with the last of those.
"""

from collections.abc import Iterable
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


def mfa_required_for(roles: Iterable[str], *, is_superuser: bool) -> bool:
    """`mfa_required` for someone known by their roles and superuser status (read together for
    many people at once, as for the makers of a list of webhook endpoints)."""
    required = frozenset(getattr(settings, "MFA_REQUIRED_ROLES", ()))
    return bool(required) and (is_superuser or bool(required & frozenset(roles)))


# Why the two-factor rule stops what acts as its maker without signing in (`two_factor_rule`).
BEFORE_MFA = "before_mfa"  # made with a password alone, and its maker has 2FA on now
MAKER_NEEDS_MFA = "maker_needs_mfa"  # its maker's roles need 2FA and it is off: until it is on


def two_factor_rule(*, made_with_mfa: bool, has_two_factor: bool, required: bool) -> str:
    """The two-factor rule for a personal token, a provider API key or a webhook endpoint, each
    the word of the person who made it (ADR 0023), as for signing in: `BEFORE_MFA` when it was
    made with a password alone and its maker has two-factor authentication on now (signing in
    needs the second factor, and whoever had the password may have made it), `MAKER_NEEDS_MFA`
    while its maker's roles need it and it is off (nothing acts for them), else ""."""
    if has_two_factor:
        return "" if made_with_mfa else BEFORE_MFA
    return MAKER_NEEDS_MFA if required else ""


def two_factor_stop(maker: Any, *, made_with_mfa: bool) -> str:
    """`two_factor_rule` for what `maker` made, with their two-factor state now."""
    two_factor = has_two_factor(maker)
    return two_factor_rule(
        made_with_mfa=made_with_mfa,
        has_two_factor=two_factor,
        required=not two_factor and mfa_required(maker),
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
