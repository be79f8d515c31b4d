"""Provider organisations: registration, approval, their staff, and their API keys."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from certify.accounts.api import (
    BEFORE_MFA,
    MAKER_NEEDS_MFA,
    colleague_invite,
    has_two_factor,
    role_grant,
    two_factor_known,
    two_factor_stop,
)
from certify.accounts.models import ColleagueInvitation, Role, User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import transition
from certify.courses.models import Provider, ProviderApiKey, ProviderMembership
from certify.courses.services.common import require_acting_for, require_unchanged, tell_provider
from certify.courses.workflows.relations import acts_with_role

KEY_PREFIX = "cpk_"
KEY_DAYS_DEFAULT = 365
KEY_DAYS_MAX = 730
# Writing last_used_at on every call would make each API request a write; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)
PROVIDER_KIND = "provider"  # the colleague-invitation kind (courses/colleagues.py)


def _forget_provider_ids(user: User) -> None:
    user.__dict__.pop("_provider_ids", None)


@transaction.atomic
def provider_register(
    *,
    actor: User,
    name: str,
    kind: str,
    contact_email: str,
    website: str = "",
    description: str = "",
) -> Provider:
    """A person registers their organisation; it waits for program staff to approve it."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the organization's name.", field="name")
    if Provider.objects.filter(name__iexact=name).exists():
        raise DomainError(
            f"An organization called “{name}” is already registered. Ask its staff to add you "
            "as a colleague.",
            field="name",
        )
    provider = Provider(
        name=name,
        kind=kind,
        contact_email=contact_email.strip().lower(),
        website=website.strip(),
        description=description.strip(),
        registered_by=actor,
    )
    provider.full_clean(exclude=["registered_by", "approved_by"])
    provider.save()
    ProviderMembership.objects.create(provider=provider, user=actor, added_by=actor)
    _forget_provider_ids(actor)
    audit_record(actor=actor, verb="provider.registered", target=provider)
    return provider


@transaction.atomic
def provider_approve(
    *, provider: Provider, actor: User, updated_at_seen: datetime | None = None
) -> Provider:
    """Staff approve an organisation: its staff get the provider role and may submit courses.
    `updated_at_seen`: when it last changed, as the decider read it (`require_unchanged`)."""
    provider = row_lock(provider, "registered_by")
    require_unchanged(provider, updated_at_seen, actor=actor, move="approve")
    provider.approved_at = timezone.now()
    provider.approved_by = actor
    transition(
        provider, "approve", actor=actor, update_fields=["approved_at", "approved_by", "updated_at"]
    )
    for member in provider.members.all():
        role_grant(user=member, role=Role.PROVIDER, actor=actor, reason=f"Staff of {provider}")
    tell_provider(
        provider=provider,
        event="provider.approved",
        # A provider registers with the site, not with one program: the site signs the e-mail.
        context={"provider_name": provider.name, "program": None},
        link=provider.get_absolute_url(),
    )
    return provider


def provider_member_invite(*, provider: Provider, actor: User, email: str) -> ColleagueInvitation:
    """Invite a colleague by e-mail address; they act for the provider only once they accept,
    signed in with that address (ADR 0025). The same answer whether or not the address has an
    account: nothing here looks."""
    require_acting_for(provider, actor=actor)
    invitation, _link = colleague_invite(
        kind=PROVIDER_KIND,
        organisation_id=provider.pk,
        organisation_name=provider.name,
        email=email,
        actor=actor,
    )
    return invitation


@transaction.atomic
def provider_member_add(*, invitation: ColleagueInvitation, user: User) -> ProviderMembership:
    """Attach `user`, who accepted `invitation`, to its provider: a membership, and the provider
    role once the organisation is approved. Only an accepted invitation to a provider, answered
    by `user`, attaches anyone (the accept service calls this in its transaction)."""
    if (
        invitation.kind != PROVIDER_KIND
        or invitation.status != ColleagueInvitation.Status.ACCEPTED
        or invitation.answered_by_id != user.pk
    ):
        raise DomainError("Only an accepted invitation adds a colleague.")
    provider = Provider.objects.get(pk=invitation.organisation_id)
    membership, created = ProviderMembership.objects.get_or_create(
        provider=provider, user=user, defaults={"added_by": invitation.invited_by}
    )
    if provider.is_approved:
        role_grant(
            user=user,
            role=Role.PROVIDER,
            actor=invitation.invited_by,
            reason=f"Accepted the invitation to act for {provider}",
        )
    _forget_provider_ids(user)
    if created:
        audit_record(
            actor=user,
            verb="provider.member_added",
            target=provider,
            data={"user": user.pk, "invitation": invitation.pk},
        )
    return membership


def provider_list_for(*, user: User) -> QuerySet[Provider]:
    return Provider.objects.filter(memberships__user=user).order_by("name")


# --- API keys ----------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    # Keys are 256 random bits: a fast hash is enough (nothing to brute-force, unlike passwords).
    return hashlib.sha256(raw.encode()).hexdigest()


def _unused_prefix() -> str:
    """A prefix no key has (unique: it finds the one row whose hash is compared, and tells keys
    apart); a taken one is drawn again rather than failing the creation (as personal tokens)."""
    while True:
        prefix = secrets.token_hex(4)
        if not ProviderApiKey.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def api_key_create(
    *, provider: Provider, actor: User, name: str, days: int = KEY_DAYS_DEFAULT
) -> tuple[ProviderApiKey, str]:
    """A new key for the provider, valid for `days`. The key itself is returned once and never
    stored."""
    require_acting_for(provider, actor=actor)
    if not provider.is_approved:
        # said by its status: a suspended provider's people read what they can still do
        raise DomainError(provider_api_stop_words(provider))
    name = name.strip()
    if not name:
        raise DomainError("Say what the key is for, e.g. “Our learning system”.", field="name")
    if not 1 <= days <= KEY_DAYS_MAX:
        raise DomainError(f"A key lasts from 1 to {KEY_DAYS_MAX} days.", field="days")
    prefix = _unused_prefix()
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ProviderApiKey.objects.create(
        provider=provider,
        name=name[:100],
        prefix=prefix,
        key_hash=_hash(raw),
        created_by=actor,
        made_with_mfa=has_two_factor(actor),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=actor, verb="provider.api_key_created", target=provider, data={"key": prefix}
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ProviderApiKey, actor: User) -> ProviderApiKey:
    require_acting_for(key.provider, actor=actor)
    if key.revoked_at is not None:
        raise DomainError("This key is already revoked.")
    key.revoked_at = timezone.now()
    key.revoked_by = actor
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor, verb="provider.api_key_revoked", target=key.provider, data={"key": key.prefix}
    )
    return key


@transaction.atomic
def api_keys_stop_after_password_change(*, maker: User, reason: str) -> int:
    """Revoke every provider API key `maker` made that still works: their password changed,
    perhaps because someone else had it and made keys with it (ADR 0023)."""
    revoked = 0
    for key in ProviderApiKey.objects.select_related("provider").filter(
        created_by=maker, revoked_at__isnull=True
    ):
        key.revoked_at, key.revoked_by = timezone.now(), maker
        key.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=maker,
            verb="provider.api_key_revoked",
            target=key.provider,
            reason=reason.replace("The password", "The password of the person who made it"),
            data={"key": key.prefix},
        )
        revoked += 1
    return revoked


def api_keys_stop_on_password_change(
    sender: object, user: User, reason: str, **kwargs: object
) -> str | None:
    """accounts' `password_changed_signal`: the sentence of the person's e-mail."""
    revoked = api_keys_stop_after_password_change(maker=user, reason=reason)
    if not revoked:
        return None
    if revoked == 1:
        return "The provider API key you made was revoked."
    return f"The {revoked} provider API keys you made were revoked."


class ApiKeyRefused(Exception):  # noqa: N818  (a refusal, not a bug)
    """Why a provider API key was refused, in words for the caller. `http_code`: 401 for a key
    that is not good; 403 for a good key of a provider that is not approved (the key is known,
    its provider may not use the API now)."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.http_code = status


def provider_api_stop_words(provider: Provider) -> str:
    """Why a provider that is not approved cannot use its API keys, in the words of its pages
    (what its people can still do while it is suspended)."""
    if provider.status == Provider.Status.SUSPENDED:
        since = provider.approval_stopped_on
        when = f" since {since:%B %-d, %Y}" if since else ""
        return (
            f"Program staff have suspended the approval of {provider.name}{when}: its API keys "
            "do not work until they reinstate it. Its people can still see its courses and "
            "report completions dated before the suspension, signed in on its pages (one at a "
            "time or with a CSV file)."
        )
    if provider.status == Provider.Status.REVOKED:
        return (
            f"Program staff have revoked the approval of {provider.name}: its API keys no "
            "longer work."
        )
    return (
        f"{provider.name} is waiting for program staff to approve it as a course provider; its "
        "API keys work once it is approved."
    )


def api_key_authenticate(raw: str) -> ProviderApiKey | None:
    """The active key matching `raw`, marked used, or None (unknown, malformed, expired or
    revoked): for a caller that accepts the key when it is good."""
    try:
        key = api_key_check(raw)
    except ApiKeyRefused:
        return None
    api_key_mark_used(key)
    return key


def api_key_two_factor_stop(key: ProviderApiKey) -> str:
    """Whether the two-factor rule stops the key (ADR 0023; the one rule of tokens, keys and
    webhook endpoints, `two_factor_stop`): `BEFORE_MFA` (made before its maker turned on 2FA:
    stopped for good), `MAKER_NEEDS_MFA` (its maker's roles need 2FA and it is off: until it is
    on) or "" -- the API's answer and the provider's API keys page say the same."""
    maker = key.created_by
    if maker is None:
        return ""
    return two_factor_stop(maker, made_with_mfa=key.made_with_mfa)


def api_key_rows(*, provider: Provider) -> list[tuple[ProviderApiKey, str]]:
    """The provider's keys for its page, each with `api_key_two_factor_stop` ("" once revoked or
    expired: those say so already), in a fixed number of queries."""
    keys = list(ProviderApiKey.objects.filter(provider=provider).select_related("created_by"))
    prefetch_related_objects([k.created_by for k in keys if k.created_by], "role_assignments")
    two_factor_known([key.created_by for key in keys])
    return [
        (key, "" if key.revoked_at or key.is_expired else api_key_two_factor_stop(key))
        for key in keys
    ]


def api_key_check(raw: str) -> ProviderApiKey:
    """The active key matching `raw`; `ApiKeyRefused` says why not. It writes nothing: a good
    key sent where it is refused (a personal-token operation, another provider's, a person's
    act) is not "used"; the caller that accepts it calls `api_key_mark_used`. The key is read
    exactly as sent: a space around it makes another, unknown key, as for personal tokens."""
    raw = raw or ""
    if not raw.startswith(KEY_PREFIX):
        raise ApiKeyRefused("This is not a Certify provider API key.")
    prefix = raw[len(KEY_PREFIX) :].split("_", 1)[0]
    keys = ProviderApiKey.objects.select_related("provider", "created_by")
    key = keys.filter(prefix=prefix).first()  # unique (`_unused_prefix`)
    if key is None or not hmac.compare_digest(key.key_hash, _hash(raw)):
        raise ApiKeyRefused("This API key is not valid.")
    if key.revoked_at is not None:
        raise ApiKeyRefused("This API key was revoked.")
    if key.is_expired:
        raise ApiKeyRefused("This API key has expired; make a new one on your API keys page.")
    if not key.provider.is_approved:
        raise ApiKeyRefused(provider_api_stop_words(key.provider), status=403)
    # A key is the word of the person who made it: never more than they may do now.
    if key.created_by is None or not acts_with_role(key.created_by, key.provider_id):
        raise ApiKeyRefused(
            "The person who made this API key no longer acts for this provider; someone who "
            "does makes a new one on the provider's API keys page."
        )
    # The same two-factor rule as signing in and as personal tokens (ADR 0023).
    stop = api_key_two_factor_stop(key)
    if stop == BEFORE_MFA:
        raise ApiKeyRefused(
            "This API key was made before its maker turned on two-factor authentication, "
            "so it no longer works: make a new one on the provider's API keys page."
        )
    if stop == MAKER_NEEDS_MFA:
        raise ApiKeyRefused(
            "The person who made this API key needs two-factor authentication for their role "
            "and has not turned it on; the key works again once they do."
        )
    return key


def api_key_mark_used(key: ProviderApiKey) -> None:
    """Stamp `last_used_at` on a key a request was accepted with (at most once a minute)."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ProviderApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
