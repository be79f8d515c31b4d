"""Writes for endpoints (register, change, rotate the secret, disable, enable) and for the
certificate shares that let an employer follow a certificate (the employer's account is told of
each share and of its end). Each checks who acts."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import has_two_factor, proven_owners_of
from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.core.codes import plain_digits
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.notifications.api import notify_latest
from certify.programs.api import program_today
from certify.webhooks.access import owner_of, owners_for
from certify.webhooks.catalog import choices_for
from certify.webhooks.models import CertificateShare, Endpoint, Scope, Secret
from certify.webhooks.sending import secret_new
from certify.webhooks.targets import target_check

# A certificate whose status will not change again: nobody can follow it.
FINAL = (Certificate.Status.REVOKED, Certificate.Status.REPLACED)
# After a rotation the old secret keeps signing this long, so receivers can switch over.
ROTATION_OVERLAP = timedelta(hours=24)
NOT_YOURS = "You cannot manage this endpoint."


@dataclass(frozen=True)
class NewSecret:
    endpoint: Endpoint
    secret: str  # shown once


def _may_own(actor: Any, scope: str, pk: int) -> bool:
    return any(o.scope == scope and o.pk == pk for o in owners_for(actor))


def _require_manager(actor: Any, endpoint: Endpoint) -> None:
    owner = owner_of(endpoint)
    if owner is None or not _may_own(actor, endpoint.scope, owner):
        raise DomainError(NOT_YOURS)


def _event_types_check(scope: str, event_types: list[str]) -> list[str]:
    allowed = [name for name, _ in choices_for(scope)]
    unknown = sorted(set(event_types) - set(allowed))
    if unknown:
        raise DomainError(
            f"These events are not available here: {', '.join(unknown)}.", field="event_types"
        )
    if not event_types:
        raise DomainError("Choose at least one event.", field="event_types")
    return [name for name in allowed if name in event_types]  # the catalogue's order


@transaction.atomic
def endpoint_create(
    *,
    actor: Any,
    owner: str,
    url: str,
    event_types: list[str],
    description: str = "",
) -> NewSecret:
    """Register `url` for `owner` ("program:3", "provider:7", "sponsor:2", "employer:<your id>")
    and return it with its first secret, which is shown only now."""
    scope, _, pk_text = owner.partition(":")
    if (
        scope not in Scope.values
        or not plain_digits(pk_text)
        or not _may_own(actor, scope, int(pk_text))
    ):
        raise DomainError("You cannot register endpoints for this.", field="owner")
    types = _event_types_check(scope, event_types)
    target_check(url)
    field_name = "owner" if scope == Scope.EMPLOYER else scope
    endpoint = Endpoint.objects.create(
        scope=scope,
        url=url.strip(),
        description=description.strip(),
        event_types=types,
        created_by=actor,
        made_with_mfa=has_two_factor(actor),  # its two-factor rule (`access.why_not_sending`)
        **{f"{field_name}_id": int(pk_text)},
    )
    value = secret_new()
    Secret.objects.create(endpoint=endpoint, value=value)
    audit_record(actor=actor, verb="webhook.endpoint_created", target=endpoint, data={"url": url})
    return NewSecret(endpoint, value)


@transaction.atomic
def endpoint_update(
    *, endpoint: Endpoint, actor: Any, url: str, event_types: list[str], description: str = ""
) -> Endpoint:
    _require_manager(actor, endpoint)
    endpoint.event_types = _event_types_check(endpoint.scope, event_types)
    if url.strip() != endpoint.url:
        target_check(url)
    endpoint.url = url.strip()
    endpoint.description = description.strip()
    # Whoever saves it answers for it from now on (`access.maker_may_own`), under the two-factor
    # rule of their tokens and keys: saved with 2FA on, it sends while they have it on.
    endpoint.created_by = actor
    endpoint.made_with_mfa = has_two_factor(actor)
    endpoint.save(
        update_fields=["url", "event_types", "description", "created_by", "made_with_mfa"]
    )
    audit_record(
        actor=actor,
        verb="webhook.endpoint_changed",
        target=endpoint,
        data={"url": endpoint.url, "event_types": endpoint.event_types},
    )
    return endpoint


@transaction.atomic
def secret_rotate(*, endpoint: Endpoint, actor: Any) -> NewSecret:
    """A new secret signs from now on; the current ones keep signing for `ROTATION_OVERLAP`."""
    _require_manager(actor, endpoint)
    now = timezone.now()
    ends = now + ROTATION_OVERLAP
    current = endpoint.secrets.filter(expires_at__isnull=True) | endpoint.secrets.filter(
        expires_at__gt=ends
    )
    current.update(expires_at=ends)
    value = secret_new()
    Secret.objects.create(endpoint=endpoint, value=value)
    audit_record(actor=actor, verb="webhook.secret_rotated", target=endpoint)
    return NewSecret(endpoint, value)


def secrets_signing(endpoint: Endpoint) -> list[str]:
    """The secrets that sign now: the newest first, then any still in their overlap."""
    now = timezone.now()
    live = [s for s in endpoint.secrets.all() if s.expires_at is None or s.expires_at > now]
    return [s.value for s in live]


@transaction.atomic
def endpoint_disable(*, endpoint: Endpoint, actor: Any) -> Endpoint:
    _require_manager(actor, endpoint)
    if endpoint.disabled_at is None:
        endpoint.disabled_at, endpoint.disabled_reason = timezone.now(), ""
        endpoint.save(update_fields=["disabled_at", "disabled_reason"])
        audit_record(actor=actor, verb="webhook.endpoint_disabled", target=endpoint)
    return endpoint


@transaction.atomic
def endpoint_enable(*, endpoint: Endpoint, actor: Any) -> Endpoint:
    _require_manager(actor, endpoint)
    target_check(endpoint.url)
    if endpoint.disabled_at is not None:
        endpoint.disabled_at, endpoint.disabled_reason = None, ""
        endpoint.save(update_fields=["disabled_at", "disabled_reason"])
        audit_record(actor=actor, verb="webhook.endpoint_enabled", target=endpoint)
    return endpoint


@transaction.atomic
def endpoints_stop_after_password_change(*, maker: User, reason: str) -> int:
    """Disable every enabled endpoint `maker` set up (or last saved): their password changed,
    perhaps because someone else had it and pointed an organization's events at an address of
    theirs, as they could have made tokens and keys with it (ADR 0023). The organization's
    people see it disabled and turn it on again once they have checked its address. How many
    were disabled."""
    stopped = 0
    why = reason.replace("The password", "The password of the person who set it up")
    for endpoint in Endpoint.objects.select_for_update().filter(
        created_by=maker, disabled_at__isnull=True
    ):
        endpoint.disabled_at, endpoint.disabled_reason = timezone.now(), why[:200]
        endpoint.save(update_fields=["disabled_at", "disabled_reason"])
        audit_record(actor=maker, verb="webhook.endpoint_disabled", target=endpoint, reason=why)
        stopped += 1
    return stopped


def endpoints_stop_on_password_change(
    sender: object, user: User, reason: str, **kwargs: object
) -> str | None:
    """accounts' `password_changed_signal`: the sentence of the person's e-mail."""
    stopped = endpoints_stop_after_password_change(maker=user, reason=reason)
    if not stopped:
        return None
    what = (
        "webhook endpoint you set up was"
        if stopped == 1
        else (f"{stopped} webhook endpoints you set up were")
    )
    return (
        f"The {what} turned off; someone at the organization turns it on again once they "
        "have checked its address."
    )


# --- Employers: a holder shares a certificate's status updates with an account -----------------


@transaction.atomic
def share_create(*, certificate: Certificate, email: str, actor: Any) -> CertificateShare:
    """The holder lets the account with `email` follow `certificate` by webhook."""
    if certificate.holder_id != getattr(actor, "pk", None):
        raise DomainError("Only the holder can share this certificate.")
    # Its status read again, and locked, so a revocation at the same moment is seen.
    certificate = row_lock(certificate, "program", "holder")
    if certificate.status in FINAL:
        instead = (
            "share its renewal instead"
            if certificate.status == Certificate.Status.REPLACED
            else "there is nothing to follow"
        )
        raise DomainError(
            f"Certificate {certificate.number} is {certificate.get_status_display().lower()}: "
            f"its status will not change again, so {instead}.",
            field="certificate",
        )
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError("Enter the e-mail address of the employer's account.", field="email")
    share = CertificateShare.objects.filter(
        certificate=certificate, email=email, withdrawn_at__isnull=True
    ).first()
    if share is None:
        share = CertificateShare.objects.create(certificate=certificate, email=email)
        audit_record(actor=actor, verb="webhook.certificate_shared", target=certificate)
        _tell_employer(share, "certificate.shared")
    return share


@transaction.atomic
def share_withdraw(*, share: CertificateShare, actor: Any) -> CertificateShare:
    if share.certificate.holder_id != getattr(actor, "pk", None):
        raise DomainError("Only the holder can stop sharing this certificate.")
    row_lock(share.certificate)  # as for a share; the share read again below
    share.refresh_from_db(fields=["withdrawn_at"])
    if share.withdrawn_at is None:
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        audit_record(actor=actor, verb="webhook.certificate_unshared", target=share.certificate)
        _tell_employer(share, "certificate.unshared")
    return share


def _tell_employer(share: CertificateShare, event: str) -> None:
    """Tell the account the certificate is (no longer) shared with, in the app and by e-mail
    unless they switched that e-mail off (both events are optional). Only an account with that
    address hears of it: Certify writes nowhere else on a holder's behalf (ADR 0029), and the
    address's owner sees the share once they sign up with it. The e-mail names the holder as
    the certificate does and links to its public verification page.

    Sharing and withdrawing again and again must flood neither the employer's inbox nor their
    list of notices. What an employer needs to know is where things stand: for each certificate
    of a holder and each program day (in the program's time zone) there is one notice in the
    app, brought up to date with the latest state ("shared", "no longer shared"), unread again
    and on top; and only the first of that day's notices between this holder and this account
    is e-mailed, whichever certificate of the holder's it is about. A new day starts a new
    notice, so the list keeps what happened each day."""
    certificate = share.certificate
    accounts = User.objects.filter(pk__in=proven_owners_of([share.email]), is_active=True).exclude(
        pk=certificate.holder_id
    )
    verify = reverse("certificates:verify", kwargs={"number": certificate.number})
    context = {
        "holder_name": certificate.holder_name or certificate.holder.full_name,
        "certificate_number": certificate.number,
        "program": certificate.program,
        "verification_url": f"{settings.SITE_URL}{verify}",
        "action": "See the certificates shared with you",
    }
    day = program_today(certificate.program)
    for account in accounts:
        group = f"share:{certificate.holder_id}:{account.pk}:{day.isoformat()}:"
        notify_latest(
            recipient=account,
            event=event,
            context=context,
            link=reverse("webhooks:shared_with_you"),
            key=f"{group}{certificate.pk}",
            email_group=group,
            address=share.email,  # the address it confirmed, which need not be its main one
        )
