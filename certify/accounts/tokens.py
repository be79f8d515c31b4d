"""Personal access tokens for the REST API: created and revoked by their owner, stored hashed.

A token looks like `cert_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the whole
token must match. Tokens carry scopes and an expiry; a revoked or expired token is refused.

A token follows the person's current roles and security (ADR 0023). Each scope needs roles
(`SCOPE_ROLES`; a scope about the person's own things needs none). A token records the roles it
was made with (those its scopes need that the person held) and whether 2FA was on. Each request
acts with the roles the scope needs that the token was made with and the person still holds,
nothing more: a role granted later never widens a token, a role taken away stops its scopes.
Whoever's roles need 2FA (settings.MFA_REQUIRED_ROLES) uses tokens only while 2FA is on, as
pages and provider API keys; whoever has 2FA on uses only tokens made while it was on. 2FA is an
authenticator app or a security key, as for signing in (`accounts.mfa`, ADR 0074).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from certify.accounts.backends import user_for_request
from certify.accounts.mfa import BEFORE_MFA as STOP_BEFORE_MFA
from certify.accounts.mfa import MAKER_NEEDS_MFA, has_two_factor, two_factor_stop
from certify.accounts.models import PersonalAccessToken, Role, User
from certify.core.errors import DomainError
from certify.core.services import audit_record

MAX_DAYS = 366

Scope = PersonalAccessToken.Scope
# The roles a scope acts with; a person needs one of them to make or use a token with it. The
# scopes with none are about the person's own things (invoices, certificates, renewal) and act
# with no role at all, so they never reach anyone else's.
SCOPE_ROLES: dict[str, frozenset[str]] = {
    Scope.APPLICATIONS: frozenset({Role.CANDIDATE}),
    Scope.PORTFOLIOS: frozenset({Role.CANDIDATE}),
    Scope.REVIEWS: frozenset({Role.REVIEWER}),
    Scope.PAYMENTS: frozenset(),
    # Program staff read every fund and decide sponsors' memberships, as on the pages.
    Scope.SCHOLARSHIPS: frozenset({Role.CANDIDATE, Role.SPONSOR, Role.PROGRAM_STAFF}),
    Scope.CERTIFICATES: frozenset(),
    Scope.RENEWALS: frozenset(),
    Scope.STAFF: frozenset({Role.PROGRAM_STAFF}),
    # Endpoints of the program (staff), a provider, a sponsor, or one's own (anyone signed up).
    Scope.WEBHOOKS: frozenset({Role.CANDIDATE, Role.PROGRAM_STAFF, Role.PROVIDER, Role.SPONSOR}),
    Scope.ACCOUNT: frozenset(),
    Scope.EXPORT: frozenset(),
    # Those who decide about others declare conflicts (accounts.conflicts.DECLARING_ROLES).
    Scope.CONFLICTS: frozenset({Role.PROGRAM_STAFF, Role.REVIEWER, Role.SPONSOR, Role.PROVIDER}),
}


BEFORE_MFA = (
    "This token was made before you turned on two-factor authentication, so it no longer "
    "works: make a new one on your account page."
)


def token_made_before_mfa(token: PersonalAccessToken, user: User) -> bool:
    """Whether the token was made with a password alone and the person has 2FA on now: signing
    in needs the second factor, so such a token is refused (it may be whoever had the password
    who made it). The rule keys and webhook endpoints follow too (`mfa.two_factor_stop`)."""
    return two_factor_stop(user, made_with_mfa=token.made_with_mfa) == STOP_BEFORE_MFA


@dataclass(frozen=True)
class NewToken:
    token: PersonalAccessToken
    secret: str  # shown once, never stored


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _roles_words(roles: frozenset[str] | set[str]) -> str:
    """In words: "the portfolio reviewer role", "the candidate or scholarship sponsor role"."""
    labels = sorted(Role(role).label.lower() for role in roles)
    return f"the {' or '.join(labels)} role"


def _allowed(user: User, scope: str) -> bool:
    needed = SCOPE_ROLES[scope]
    return not needed or bool(needed & user.roles)


def token_scope_choices(user: User) -> list[tuple[str, str]]:
    """The scopes `user`'s current roles allow, as (value, label) for a form: only these may be
    put on a new token. The staff scope is offered to program staff only."""
    return [(value, label) for value, label in Scope.choices if _allowed(user, value)]


def token_idle_scopes(token: PersonalAccessToken, user: User) -> list[str]:
    """The token's scopes that no longer work, because `user` lost the roles they need."""
    return [
        scope
        for scope in token.scopes
        if SCOPE_ROLES.get(scope) and not SCOPE_ROLES[scope] & frozenset(token.roles) & user.roles
    ]


def token_rows(user: User) -> list[tuple[PersonalAccessToken, list[str], bool]]:
    """The person's tokens for their page: each with its scopes that stopped (a role gone) and
    whether it stopped because it was made before 2FA was turned on."""
    return [
        (token, token_idle_scopes(token, user), token_made_before_mfa(token, user))
        for token in user.api_tokens.all()
    ]


@transaction.atomic
def token_create(*, user: User, name: str, scopes: list[str], days: int = 90) -> NewToken:
    name = name.strip()
    if not name:
        raise DomainError("Give the token a name, so you recognize it later.", field="name")
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise DomainError("Choose at least one of the listed permissions.", field="scopes")
    if not user.is_active:
        raise DomainError("This account is closed.")
    if Scope.STAFF in scopes and not _allowed(user, Scope.STAFF):
        raise DomainError(
            "Only program staff can make a token for staff decisions.", field="scopes"
        )
    for scope in sorted(set(scopes)):
        if not _allowed(user, scope):
            raise DomainError(
                f"A token for “{Scope(scope).label.lower()}” needs "
                f"{_roles_words(SCOPE_ROLES[scope])}, which you do not hold.",
                field="scopes",
            )
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"A token lasts from 1 to {MAX_DAYS} days.", field="days")
    prefix = _unused_prefix()
    raw = f"cert_{prefix}_{secrets.token_urlsafe(32)}"
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        hashed=_hash(raw),
        scopes=sorted(set(scopes)),
        roles=sorted(user.roles & frozenset().union(*(SCOPE_ROLES[s] for s in scopes))),
        made_with_mfa=has_two_factor(user),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        verb="token.created",
        target=user,
        data={
            "token": prefix,
            "scopes": token.scopes,
            "roles": token.roles,
            "made_with_mfa": token.made_with_mfa,
        },
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
    def __init__(self, message: str, status: int = 401, kind: str = "") -> None:
        super().__init__(message)
        self.message, self.status, self.kind = message, status, kind


def _unused_prefix() -> str:
    """A prefix no token has: it finds the one row whose hash is compared (the prefix is
    unique, so one lookup is enough), and tells tokens apart on the tokens page and in the
    audit log. Eight hex characters collide now and then among many tokens; a taken one is
    drawn again rather than failing the creation on the unique constraint."""
    while True:
        prefix = secrets.token_hex(4)
        if not PersonalAccessToken.objects.filter(prefix=prefix).exists():
            return prefix


def _identify(raw: str) -> tuple[PersonalAccessToken, User]:
    """Authentication: the token is genuine and current and its person's account open, or a
    401 (`TokenRefused`) saying which is not, before anything about what it may do. The token
    is read exactly as sent: a space or tab around it makes it another, unknown token, as for
    provider keys (`api_key_check`)."""
    parts = raw.split("_")
    if len(parts) < 3 or parts[0] != "cert":
        raise TokenRefused("This is not a Certify API token.")
    token = PersonalAccessToken.objects.filter(prefix=parts[1]).first()  # unique
    if token is None or not hmac.compare_digest(token.hashed, _hash(raw)):
        raise TokenRefused("This token is not valid.")
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked.")
    if token.expires_at <= timezone.now():
        raise TokenRefused("This token has expired; make a new one on your account page.")
    user = user_for_request(pk=token.user_id)
    if user is None or not user.is_active:
        raise TokenRefused("This account is closed.")
    return token, user


def token_check(raw: str) -> None:
    """Whether `raw` is a genuine, current personal token of an open account: `TokenRefused`
    (401) in the words `token_authenticate` uses when it is not. For operations that take
    another credential, so that a bad token is refused as bad before it is refused as the
    wrong kind (ADR 0023)."""
    _identify(raw)


def token_authenticate(raw: str, *, scope: str) -> User:
    """The token's user, when the token is genuine, current and allows `scope` now.

    The user is loaded with their current roles and 2FA in one query (as for signed-in pages)
    and comes back holding only the roles this request acts with, so every permission check
    behind the endpoint sees the token's share of the person, never more.
    """
    token, user = _identify(raw)
    if scope not in token.scopes:
        raise TokenRefused(f"This token does not allow “{scope}”.", status=403)
    stop = two_factor_stop(user, made_with_mfa=token.made_with_mfa)  # as keys and endpoints
    if stop == STOP_BEFORE_MFA:
        raise TokenRefused(BEFORE_MFA, status=403, kind="two-factor-required")
    # While it is off nothing acts for them (pages, provider keys), a token made with it neither.
    if stop == MAKER_NEEDS_MFA:
        raise TokenRefused(
            "Turn on two-factor authentication to use API tokens: your role needs it. Set up "
            "an authenticator app or add a security key on your account page; your tokens then "
            "work again.",
            status=403,
            kind="two-factor-required",
        )
    user.__dict__["roles"] = _acting_roles(token, user, scope)  # User.roles, for this request
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5):
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return user


def _acting_roles(token: PersonalAccessToken, user: User, scope: str) -> frozenset[str]:
    """The roles `scope` needs that the token was made with and `user` holds now."""
    needed = SCOPE_ROLES.get(scope, frozenset())
    made_with = needed & frozenset(token.roles)
    acting = made_with & user.roles
    if needed and not acting:
        if made_with:
            message = (
                f"This token's “{scope}” scope needs {_roles_words(made_with)}, which you no "
                "longer hold."
            )
        else:
            message = (
                f"This token's “{scope}” scope needs {_roles_words(needed)}, which you did not "
                "hold when the token was made; make a new token on your account page."
            )
        raise TokenRefused(message, status=403, kind="token-role-missing")
    return acting
