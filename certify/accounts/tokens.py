"""Personal access tokens for the REST API: created and revoked by their owner, stored hashed.

A token looks like `cert_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the whole
token must match. Tokens carry scopes and an expiry; a revoked or expired token is refused.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import PersonalAccessToken, Role, User
from certify.accounts.roles import has_role
from certify.core.errors import DomainError
from certify.core.services import audit_record

MAX_DAYS = 366


@dataclass(frozen=True)
class NewToken:
    token: PersonalAccessToken
    secret: str  # shown once, never stored


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scopes: list[str], days: int = 90) -> NewToken:
    name = name.strip()
    if not name:
        raise DomainError("Give the token a name, so you recognise it later.", field="name")
    unknown = set(scopes) - set(PersonalAccessToken.Scope.values)
    if unknown or not scopes:
        raise DomainError("Choose at least one of the listed permissions.", field="scopes")
    if PersonalAccessToken.Scope.STAFF in scopes and not has_role(user, Role.PROGRAM_STAFF):
        raise DomainError(
            "Only program staff can make a token for staff decisions.", field="scopes"
        )
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"A token lasts from 1 to {MAX_DAYS} days.", field="days")
    prefix = secrets.token_hex(4)
    raw = f"cert_{prefix}_{secrets.token_urlsafe(32)}"
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        hashed=_hash(raw),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        verb="token.created",
        target=user,
        data={"token": prefix, "scopes": token.scopes},
    )
    return NewToken(token, raw)


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, actor: User) -> None:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise DomainError("This is not your token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, verb="token.revoked", target=token.user, data={"token": token.prefix}
        )


class TokenRefused(Exception):  # noqa: N818  (a refusal, not a bug)
    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def token_authenticate(raw: str, *, scope: str) -> User:
    """The token's user, when the token is genuine, current and allows `scope`."""
    parts = raw.split("_")
    if len(parts) < 3 or parts[0] != "cert":
        raise TokenRefused("This is not a Certify API token.")
    token = PersonalAccessToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.hashed, _hash(raw)):
        raise TokenRefused("This token is not valid.")
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked.")
    if token.expires_at <= timezone.now():
        raise TokenRefused("This token has expired; make a new one on your account page.")
    if not token.user.is_active:
        raise TokenRefused("This account is closed.")
    if scope not in token.scopes:
        raise TokenRefused(f"This token does not allow “{scope}”.", status=403)
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5):
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
