from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.events import ACCOUNT_DEACTIVATED, ACCOUNT_REACTIVATED, ROLE_ENDED
from certify.accounts.models import EndedRole, Role, RoleAssignment, User
from certify.accounts.names import PERSON_NAME_LOOKS_CLOSED, name_looks_closed
from certify.accounts.roles import has_role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.events import publish
from certify.core.services import audit_record


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    roles: tuple[str, ...] = (Role.CANDIDATE,),
    actor: Any = None,
) -> User:
    """Create a person with the given roles (every sign-up is a candidate)."""
    email = User.objects.normalize_email(email).lower()
    if name_looks_closed(full_name):  # staff would take the person for a closed account
        raise DomainError(PERSON_NAME_LOOKS_CLOSED, field="full_name")
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("An account with this e-mail address already exists.", field="email")
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role, granted_by=actor)
    audit_record(actor=actor, verb="user.created", target=user, data={"roles": list(roles)})
    return user


# Roles anyone takes for themselves: every sign-up is a candidate.
SELF_SERVICE_ROLES = frozenset({Role.CANDIDATE})


def _has_two_factor(user: Any) -> bool:
    """Read fresh (not the per-request answer the middleware uses): a decision sees now."""
    from certify.accounts.mfa import second_factors

    return second_factors(user).exists()


def role_grant_check(*, user: User, role: str, actor: Any) -> None:
    """A role grant is a decision (ADR 0022): nobody grants themselves a role (but a candidate's,
    which every sign-up takes), and program staff is granted only by another staff member who
    has two-factor authentication. `actor` None is an operator at the command line."""
    if actor is None:
        return
    if getattr(actor, "pk", None) == user.pk and role not in SELF_SERVICE_ROLES:
        raise OwnCaseError(
            "You cannot grant yourself a role: ask another staff member.", field="role"
        )
    if role == Role.PROGRAM_STAFF:
        if not has_role(actor, Role.PROGRAM_STAFF):
            raise DomainError("Only program staff can make someone program staff.", field="role")
        if not _has_two_factor(actor):
            raise DomainError(
                "Set up two-factor authentication before you make someone program staff: "
                "the role reaches every candidate's record.",
                field="role",
            )


@transaction.atomic
def role_grant(*, user: User, role: str, actor: Any, reason: str = "") -> RoleAssignment:
    """Give a person a role (checked by `role_grant_check`), audited with who and why.
    Granting a role they already hold changes nothing."""
    if role not in Role.values:
        raise DomainError(f"“{role}” is not a role.", field="role")
    existing = RoleAssignment.objects.filter(user=user, role=role).first()
    if existing:
        return existing
    role_grant_check(user=user, role=role, actor=actor)
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, role=role, granted_by=actor)
    except IntegrityError:  # granted concurrently by someone else
        return RoleAssignment.objects.get(user=user, role=role)
    audit_record(actor=actor, verb="role.granted", target=user, reason=reason, data={"role": role})
    user.__dict__.pop("roles", None)
    return assignment


# Roles a person gives up themselves when they leave the organization they hold it for (a
# sponsor's member removing themselves: `scholarships.services.funds.sponsor_member_remove`,
# whose own rules say who may).
LEFT_WITH_THE_ORGANIZATION = frozenset({Role.PROVIDER, Role.SPONSOR})


def role_end_check(*, user: User, role: str, actor: Any) -> None:
    """Ending a role is a decision as granting one is (ADR 0022): nobody takes a role away from
    themselves (a staff member's own staff role included: someone must remain), but for leaving
    an organization (`LEFT_WITH_THE_ORGANIZATION`), and program staff is ended only by another
    staff member who has two-factor authentication."""
    if actor is None:
        return
    if getattr(actor, "pk", None) == user.pk and role not in LEFT_WITH_THE_ORGANIZATION:
        raise OwnCaseError(
            "You cannot take a role away from yourself: ask another staff member.", field="role"
        )
    if role == Role.PROGRAM_STAFF:
        if not has_role(actor, Role.PROGRAM_STAFF):
            raise DomainError(
                "Only program staff can end someone's program staff role.", field="role"
            )
        if not _has_two_factor(actor):
            raise DomainError(
                "Set up two-factor authentication before you end someone's program staff role.",
                field="role",
            )


@transaction.atomic
def role_revoke(*, user: User, role: str, actor: Any, reason: str = "") -> EndedRole | None:
    """End a role (checked by `role_end_check`): the period it was held is kept (`EndedRole`:
    granted when and by whom, ended when, by whom and why), the end audited and published
    (`role.ended`: a reviewer's open reviews are given back). A role they do not hold
    changes nothing (None)."""
    if role not in Role.values:
        raise DomainError(f"“{role}” is not a role.", field="role")
    role_end_check(user=user, role=role, actor=actor)
    held = RoleAssignment.objects.select_for_update().filter(user=user, role=role).first()
    user.__dict__.pop("roles", None)
    if held is None:
        return None
    ended = EndedRole.objects.create(
        user=user,
        role=role,
        granted_at=held.granted_at,
        granted_by_id=held.granted_by_id,
        ended_at=timezone.now(),
        ended_by=actor,
        reason=reason.strip(),
    )
    held.delete()
    audit_record(actor=actor, verb="role.revoked", target=user, reason=reason, data={"role": role})
    publish(
        ROLE_ENDED,
        user_id=user.pk,
        role=role,
        ended_role_id=ended.pk,
        actor_id=getattr(actor, "pk", None),
    )
    return ended


@transaction.atomic
def account_deactivate(*, user: User, actor: Any, reason: str = "") -> bool:
    """Deactivate an account that is not its owner's closure (an administrator unchecking
    "Active" in the program settings): sign-in ends, and `account.deactivated` is published, on
    which the apps above end what the person can no longer do (portfolios: the reviews of their
    portfolios end as at a closure, and the reviews they had open go back as at a reviewer
    role's end; ADR 0007). Audited as `account.deactivated`. False when the account was
    inactive already (nothing published). Only the `is_active` column is written: no other
    person's data version reads it, so no app's rows are locked first (ADR 0007's order is the
    handlers', each in its own transaction)."""
    return active_write(user=user, actor=actor, reason=reason, active=False)


def active_write(*, user: User, actor: Any, reason: str, active: bool) -> bool:
    """Write `is_active` under the person's row lock, audited and published as
    `account.deactivated` or `account.reactivated` (the event's name is the audit verb), once:
    False, with nothing written, when the account already was so. The one write of both the
    deactivation and the reopening (`reactivation.account_reactivate`)."""
    event = ACCOUNT_REACTIVATED if active else ACCOUNT_DEACTIVATED
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active == active:
        return False
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    user.is_active = active
    audit_record(actor=actor, verb=event, target=locked, reason=reason, data={"user": user.pk})
    publish(event, user_id=user.pk, actor_id=getattr(actor, "pk", None))
    return True
