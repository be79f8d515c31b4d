"""The one transition service for certificates, and the staff actions built on it."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse

from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.certificates.services.set_credentials import set_credentials_revoke_with
from certify.certificates.services.statuslists import status_bits_apply
from certify.certificates.services.wallet import wallet_offers_withdraw
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.workflow import System, transition
from certify.core.workflow_words import moved_on
from certify.notifications.api import notify


def certificate_move(
    *, certificate: Certificate, move: str, actor: Any, reason: str = ""
) -> Certificate:
    """Make one move of the certificate workflow (`certify/certificates/workflow.py`) and set
    its status list bits in the same transaction (the public lists change at once). A
    certificate no longer valid ends its pending wallet offers at once (ADR 0033)."""
    certificate.status_reason = reason
    transition(certificate, move, actor=actor, reason=reason, data={"number": certificate.number})
    status_bits_apply(certificate=certificate)
    if certificate.status != Certificate.Status.VALID:
        wallet_offers_withdraw(certificates=[certificate])
    return certificate


# Other apps' part in a certificate staff suspend or revoke, in the same transaction (renewals:
# its renewal waiting for the fee). Certificates cannot import them (they import certificates).
StopHook = Callable[..., None]  # hook(*, certificate, actor, reason) -> None
_stop_hooks: list[StopHook] = []


def on_stopped(hook: StopHook) -> StopHook:
    """Register `hook(*, certificate, actor, reason)`, called inside the transaction that
    suspends or revokes `certificate` (its new status is set); an error undoes the change."""
    _stop_hooks.append(hook)
    return hook


def _stopped(certificate: Certificate, actor: User, reason: str) -> None:
    for hook in _stop_hooks:
        hook(certificate=certificate, actor=actor, reason=reason)


def _locked(certificate: Certificate) -> Certificate:
    return row_lock(certificate, "program", "holder")


def _tell_holder(certificate: Certificate, reason: str) -> None:
    notify(
        recipient=certificate.holder,
        event="certificate.status_changed",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "status": certificate.get_status_display(),
            "reason": reason,
            "action": "See your certificates",
        },
        link=reverse("certificates:mine"),
    )


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    certificate = _locked(certificate)
    certificate_move(certificate=certificate, move="suspend", actor=actor, reason=reason)
    _stopped(certificate, actor, reason)
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    certificate = _locked(certificate)
    certificate_move(certificate=certificate, move="reinstate", actor=actor, reason=reason)
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    certificate = _locked(certificate)
    certificate_move(certificate=certificate, move="revoke", actor=actor, reason=reason)
    # The sets' credentials share the certificate's fate, in the same transaction (ADR 0035).
    set_credentials_revoke_with(certificate=certificate, reason=reason)
    _stopped(certificate, actor, reason)
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_replace(
    *, certificate: Certificate, replacement: Certificate, actor: User | None
) -> Certificate:
    """A renewal replaced this certificate (for the renewals issue to call)."""
    certificate = _locked(certificate)
    certificate.replaced_by = replacement
    certificate_move(
        certificate=certificate,
        move="replace",
        actor=System(why=f"renewed as {replacement.number}"),
        reason=f"Replaced by {replacement.number}.",
    )
    return certificate


ACTION_STATUS = {
    "approve": "valid",
    "suspend": "suspended",
    "reinstate": "valid",
    "revoke": "revoked",
}


def _require_unchanged(certificate: Certificate, action: str, current: str) -> None:
    """Refuse a confirmation given for a status the certificate no longer has (ADR 0048), in the
    workflow's words for a page out of date (ADR 0018): where the certificate is now."""
    status = Certificate.objects.select_for_update().values_list("status", flat=True)
    now = status.get(pk=certificate.pk)
    if now == current:
        return
    target = ACTION_STATUS.get(action)
    raise moved_on(
        noun="certificate",
        now=Certificate.Status(now).label,
        targets=[Certificate.Status(target).label] if target else [],
        current_status=now,
        move=action,
    )


@transaction.atomic
def certificate_act(
    *, certificate: Certificate, actor: User, action: str, reason: str = "", current: str = ""
) -> Certificate:
    """One staff action by name: approve, suspend, reinstate or revoke. `current`: the status
    the person confirmed the action for; refused when the certificate no longer has it."""
    from certify.certificates.services.issuance import certificate_approve

    if current:
        _require_unchanged(certificate, action, current)

    if action == "approve":
        return certificate_approve(certificate=certificate, actor=actor)
    handlers = {
        "suspend": certificate_suspend,
        "reinstate": certificate_reinstate,
        "revoke": certificate_revoke,
    }
    if action not in handlers:
        raise DomainError(f"Unknown action “{action}”: approve, suspend, reinstate or revoke.")
    return handlers[action](certificate=certificate, actor=actor, reason=reason)
