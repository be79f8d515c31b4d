"""Writes for memberships: candidates record them, staff or the sponsor confirm them."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import transition
from certify.memberships.models import Membership, Organisation
from certify.memberships.workflow import SPONSOR_CHECKS, SponsorCheck, runs_sponsor_of
from certify.programs.api import programs_by_day
from certify.programs.models import Program


def earliest_program_day() -> date:
    """The earliest day any program is on now (the site's day when there are none)."""
    days = programs_by_day(Program.objects.values_list("pk", "time_zone"))
    return min(days, default=timezone.localdate())


Status = Membership.Status


def sponsor_check(check: SponsorCheck) -> SponsorCheck:
    """Register who, among people with the sponsor role, confirms a sponsor-checked organisation."""
    SPONSOR_CHECKS.append(check)
    return check


def can_decide(*, user: Any, organisation: Organisation) -> bool:
    """Program staff confirm memberships staff check (ALA); the sponsor confirms its own (SSD):
    a person with the sponsor role who runs a sponsor linked to that organisation. (Which queue
    and buttons a person sees; the moves also refuse anyone their own membership.)"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if organisation.confirmed_by == Organisation.ConfirmedBy.SPONSOR:
        return runs_sponsor_of(user, organisation)
    return bool(user.has_role(Role.PROGRAM_STAFF))


@transaction.atomic
def membership_record(
    *,
    user: User,
    organisation: Organisation,
    member_number: str,
    expires_on: date | None,
    actor: Any,
    today: date | None = None,
) -> Membership:
    """Record (or change) a person's membership. A change waits for confirmation again.

    `today`: the day of the program it is recorded for (an application's). Without one, the
    earliest day any program is on (ADR 0036): a membership ending today in a program behind
    the site's day is still current there; each use checks it on its program's day (an
    invoice's date, a fund's day)."""
    today = today or earliest_program_day()
    member_number = member_number.strip()
    if not member_number:
        raise DomainError("Enter your member number.", field="member_number")
    if expires_on is None:  # the form's own words for the date left out
        raise DomainError("Enter the date your membership ends.", field="expires_on")
    if not organisation.is_active:
        raise DomainError(
            f"{organisation.name} memberships are no longer recorded here.", field="organisation"
        )
    if expires_on < today:
        raise DomainError(
            f"This date has passed: enter the date your current membership ends "
            f"(today or later, not {expires_on:%B %-d, %Y}).",
            field="expires_on",
        )
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(user=user, organisation=organisation)
        .first()
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
    membership.confirmed_by = None
    membership.confirmed_at = None
    membership.reason = ""
    if membership.status == Status.PENDING:
        membership.save()
    else:
        transition(
            membership, "change", actor=actor, reason="The number or the expiry date changed."
        )
    return membership


def _require_as_seen(
    membership: Membership, *, number_seen: str | None, expires_seen: date | None
) -> None:
    """A decision covers the member number and date its decider checked: when the member
    changed them since the page (or the API caller) read them, it is refused, saying what is
    there now. None: the caller did not say what it saw (nothing to compare)."""
    changed = (number_seen is not None and number_seen.strip() != membership.member_number) or (
        expires_seen is not None and expires_seen != membership.expires_on
    )
    if changed:
        raise DomainError(
            f"This {membership.organisation.code} membership changed since you opened it: it is "
            f"now {membership.member_number}, valid until {membership.expires_on:%B %-d, %Y}. "
            "Check that number and date, then decide again."
        )


@transaction.atomic
def membership_confirm(
    *,
    membership: Membership,
    actor: User,
    number_seen: str | None = None,
    expires_seen: date | None = None,
) -> Membership:
    """Confirm a member number is real and current. `number_seen`, `expires_seen`: what the
    decider checked; a membership changed since is refused (a stale form)."""
    membership = row_lock(membership, "organisation")
    _require_as_seen(membership, number_seen=number_seen, expires_seen=expires_seen)
    membership.confirmed_by = actor
    membership.confirmed_at = timezone.now()
    membership.reason = ""
    transition(membership, "confirm", actor=actor)
    return membership


@transaction.atomic
def membership_reject(
    *,
    membership: Membership,
    actor: User,
    reason: str,
    number_seen: str | None = None,
    expires_seen: date | None = None,
) -> Membership:
    """Refuse a membership (the number is unknown, or it has lapsed), saying why. The numbers
    seen: as for `membership_confirm`."""
    membership = row_lock(membership, "organisation")
    _require_as_seen(membership, number_seen=number_seen, expires_seen=expires_seen)
    membership.confirmed_by = actor
    membership.confirmed_at = timezone.now()
    membership.reason = reason.strip()
    transition(membership, "reject", actor=actor, reason=membership.reason)
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
