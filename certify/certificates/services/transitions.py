"""The one transition service for certificates, and the staff actions built on it."""

from typing import Any

from django.db import transaction
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.certificates import workflow
from certify.certificates.models import Certificate, CertificateTransition
from certify.certificates.services.statuslists import status_bits_apply
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.notifications.api import notify


def _label(status: str) -> str:
    return Certificate.Status(status).label


def certificate_transition(
    *, certificate: Certificate, to: str, actor: User | None, reason: str = "", by: str
) -> Certificate:
    """Move a certificate to `to` if the workflow allows it for `by`; record who/when/why, and
    set its status list bits in the same transaction (the public lists change at once)."""
    frm = certificate.status
    allowed = workflow.TRANSITIONS.get((frm, to))
    if allowed is None:
        raise DomainError(f"A certificate that is “{_label(frm)}” cannot become “{_label(to)}”.")
    if by not in allowed:
        raise DomainError("You are not allowed to make this change.")
    if (frm, to) in workflow.REASON_REQUIRED and not reason.strip():
        raise DomainError("Give a reason: it is kept in the record.", field="reason")
    certificate.status = to
    certificate.status_reason = reason
    certificate.save()
    CertificateTransition.objects.create(
        certificate=certificate, from_status=frm, to_status=to, actor=actor, reason=reason
    )
    audit_record(
        actor=actor,
        verb=f"certificate.{to}",
        target=certificate,
        reason=reason,
        data={"from": frm, "to": to, "number": certificate.number},
    )
    status_bits_apply(certificate=certificate)
    return certificate


def _is_staff(user: Any) -> bool:
    return bool(user is not None and (user.is_superuser or user.has_role(Role.PROGRAM_STAFF)))


def _require_staff(actor: User) -> None:
    if not _is_staff(actor):
        raise DomainError("Only program staff can change a certificate's status.")


def _locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("program", "holder")
        .get(pk=certificate.pk)
    )


def _tell_holder(certificate: Certificate, reason: str) -> None:
    notify(
        recipient=certificate.holder,
        event="certificate.status_changed",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "status": certificate.get_status_display(),
            "reason": reason,
        },
        link=reverse("certificates:mine"),
    )


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    _require_staff(actor)
    certificate = _locked(certificate)
    certificate_transition(
        certificate=certificate,
        to=Certificate.Status.SUSPENDED,
        actor=actor,
        reason=reason,
        by=workflow.STAFF,
    )
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    _require_staff(actor)
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.SUSPENDED:
        raise DomainError("Only a suspended certificate can be reinstated.")
    certificate_transition(
        certificate=certificate,
        to=Certificate.Status.VALID,
        actor=actor,
        reason=reason,
        by=workflow.STAFF,
    )
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    _require_staff(actor)
    certificate = _locked(certificate)
    certificate_transition(
        certificate=certificate,
        to=Certificate.Status.REVOKED,
        actor=actor,
        reason=reason,
        by=workflow.STAFF,
    )
    _tell_holder(certificate, reason)
    return certificate


@transaction.atomic
def certificate_replace(
    *, certificate: Certificate, replacement: Certificate, actor: User | None
) -> Certificate:
    """A renewal replaced this certificate (for the renewals issue to call)."""
    certificate = _locked(certificate)
    certificate.replaced_by = replacement
    certificate_transition(
        certificate=certificate,
        to=Certificate.Status.REPLACED,
        actor=actor,
        reason=f"Replaced by {replacement.number}.",
        by=workflow.SYSTEM,
    )
    return certificate


def certificate_act(
    *, certificate: Certificate, actor: User, action: str, reason: str = ""
) -> Certificate:
    """One staff action by name: approve, suspend, reinstate or revoke."""
    from certify.certificates.services.issuance import certificate_approve

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
