"""Writes for memberships: candidates record them, staff or the sponsor confirm them."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.memberships.models import Membership, Organisation

Status = Membership.Status

# The allowed moves of a membership's status. Editing the number or expiry starts over.
TRANSITIONS: dict[str, set[str]] = {
    Status.PENDING: {Status.CONFIRMED, Status.REJECTED},
    Status.CONFIRMED: {Status.REJECTED, Status.PENDING},
    Status.REJECTED: {Status.PENDING, Status.CONFIRMED},
}


SponsorCheck = Callable[[Any, Organisation], bool]
# Who runs a sponsor that confirms an organisation's memberships. 05 · Scholarships registers
# "the administrators and committee of a sponsor linked to the organisation" (SSD's sponsor).
SPONSOR_CHECKS: list[SponsorCheck] = []


def sponsor_check(check: SponsorCheck) -> SponsorCheck:
    """Register who, among people with the sponsor role, confirms a sponsor-checked organisation."""
    SPONSOR_CHECKS.append(check)
    return check


def can_decide(*, user: Any, organisation: Organisation) -> bool:
    """Program staff confirm memberships staff check (ALA); the sponsor confirms its own (SSD):
    a person with the sponsor role who runs a sponsor linked to that organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if organisation.confirmed_by == Organisation.ConfirmedBy.SPONSOR:
        if not user.has_role(Role.SPONSOR):
            return False
        return not SPONSOR_CHECKS or any(check(user, organisation) for check in SPONSOR_CHECKS)
    return bool(user.has_role(Role.PROGRAM_STAFF))


def _transition(*, membership: Membership, to: str, actor: Any, reason: str = "") -> None:
    before = membership.status
    if to not in TRANSITIONS[before]:
        raise DomainError(
            f"This membership is already {Status(before).label.lower()}; "
            f"it cannot become {Status(to).label.lower()}."
        )
    membership.status = to
    audit_record(
        actor=actor,
        verb=f"membership.{to}",
        target=membership,
        reason=reason,
        data={"from": before, "to": to},
    )


@transaction.atomic
def membership_record(
    *,
    user: User,
    organisation: Organisation,
    member_number: str,
    expires_on: date,
    actor: Any,
    today: date | None = None,
) -> Membership:
    """Record (or change) a person's membership. A change waits for confirmation again."""
    today = today or timezone.localdate()
    member_number = member_number.strip()
    if not member_number:
        raise DomainError("Enter your member number.", field="member_number")
    if not organisation.is_active:
        raise DomainError(
            f"{organisation.name} memberships are no longer recorded here.", field="organisation"
        )
    if expires_on < today:
        raise DomainError(
            f"This date has passed: enter the date your current membership ends "
            f"(today or later, not {expires_on:%-d %B %Y}).",
            field="expires_on",
        )
    membership = (
        Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    )
    if membership is None:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user,
                    organisation=organisation,
                    member_number=member_number,
                    expires_on=expires_on,
                )
        except IntegrityError:
            raise DomainError(
                f"You have already recorded a {organisation.code} membership: change that one.",
                field="organisation",
            ) from None
        audit_record(
            actor=actor,
            verb="membership.recorded",
            target=membership,
            data={"organisation": organisation.code, "expires_on": expires_on.isoformat()},
        )
        return membership
    if membership.member_number == member_number and membership.expires_on == expires_on:
        return membership
    membership.member_number = member_number
    membership.expires_on = expires_on
    if membership.status != Status.PENDING:
        _transition(membership=membership, to=Status.PENDING, actor=actor, reason="Changed")
    membership.confirmed_by = None
    membership.confirmed_at = None
    membership.reason = ""
    membership.save()
    return membership


@transaction.atomic
def membership_confirm(*, membership: Membership, actor: User) -> Membership:
    """Confirm a member number is real and current."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_decide(user=actor, organisation=membership.organisation):
        raise DomainError(f"You cannot confirm {membership.organisation.code} memberships.")
    if membership.status == Status.CONFIRMED:
        return membership
    _transition(membership=membership, to=Status.CONFIRMED, actor=actor)
    membership.confirmed_by = actor
    membership.confirmed_at = timezone.now()
    membership.reason = ""
    membership.save()
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, actor: User, reason: str) -> Membership:
    """Refuse a membership (the number is unknown, or it has lapsed), saying why."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the membership is not confirmed.", field="reason")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_decide(user=actor, organisation=membership.organisation):
        raise DomainError(f"You cannot decide {membership.organisation.code} memberships.")
    _transition(membership=membership, to=Status.REJECTED, actor=actor, reason=reason)
    membership.confirmed_by = actor
    membership.confirmed_at = timezone.now()
    membership.reason = reason
    membership.save()
    return membership


@transaction.atomic
def organisations_ensure() -> list[Organisation]:
    """The organisations LSSCP names: ALA (member price) and SSD (scholarships). Safe to repeat."""
    result = []
    for code, values in DEFAULT_ORGANISATIONS.items():
        organisation, _ = Organisation.objects.get_or_create(code=code, defaults=values)
        result.append(organisation)
    return result


DEFAULT_ORGANISATIONS: dict[str, dict[str, str]] = {
    "ALA": {
        "name": "American Library Association",
        "confirmed_by": Organisation.ConfirmedBy.PROGRAM_STAFF,
        "note": "ALA members pay the member price for enrollment. Membership is not required.",
    },
    "SSD": {
        "name": "OLA Support Staff Division",
        "confirmed_by": Organisation.ConfirmedBy.SPONSOR,
        "note": "Membership is free. Only SSD members may apply for SSD scholarships.",
    },
}
