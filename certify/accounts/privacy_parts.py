"""accounts' own parts of a person's data export and account closure (see `privacy.py`): the
profile, roles and sign-in, and the audit trail (core's, which imports no app, so accounts
exports it). Every other app registers its part from its own `privacy` module.

Each function reads one area's rows of one person. Erasers remove or blank what is personal
and not needed as a record: decisions, money and certificates stay (see the privacy ADR).
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone

from certify.accounts.addresses import proven_addresses_of
from certify.accounts.models import (
    ColleagueInvitation,
    ConflictDeclaration,
    EndedRole,
    PersonalAccessToken,
    RoleAssignment,
    User,
)
from certify.accounts.privacy import privacy_part, rows
from certify.core.models import AuditEvent

# --- Profile, roles, sign-in -------------------------------------------------------------------


def _invitations(user: User) -> Any:
    """Colleague invitations sent to one of the person's confirmed addresses, or answered by
    them. An address added but never confirmed may be anyone's (allauth lets a person add any):
    an invitation to it is not theirs to download, nor to delete by closing their account."""
    addresses = proven_addresses_of(user)
    return ColleagueInvitation.objects.filter(Q(email__in=addresses) | Q(answered_by=user))


def _erase_profile(user: User) -> None:
    # Pending invitations to the person's addresses go; answered ones stay as the record of who
    # was attached to an organisation, and when.
    _invitations(user).filter(status=ColleagueInvitation.Status.PENDING).delete()
    Authenticator.objects.filter(user=user).delete()
    PersonalAccessToken.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user).delete()


@privacy_part("profile", erase=_erase_profile)
def _profile(user: User) -> dict[str, Any]:
    return {
        "account": rows(
            [user],
            exclude=("password", "groups", "user_permissions", "is_superuser", "is_staff"),
        ),
        "email_addresses": rows(EmailAddress.objects.filter(user=user)),
        "roles": rows(RoleAssignment.objects.filter(user=user)),
        "ended_roles": rows(EndedRole.objects.filter(user=user)),
        "api_tokens": rows(PersonalAccessToken.objects.filter(user=user), exclude=("hashed",)),
        "colleague_invitations": rows(_invitations(user), exclude=("token_hash",)),
        "two_factor": _two_factor(user),
    }


def _two_factor(user: User) -> list[dict[str, Any]]:
    """Each way of two-factor authentication as its owner knows it from the security pages: an
    authenticator app, a security key or passkey under the name they gave it, their recovery
    codes with how many are left. Never a secret (the app's key, the codes, the key's
    credential)."""
    found = []
    for authenticator in Authenticator.objects.filter(user=user).order_by("created_at", "pk"):
        entry: dict[str, Any] = {"type": "", "created_at": authenticator.created_at}
        if authenticator.type == Authenticator.Type.WEBAUTHN:
            key = authenticator.wrap()
            entry["type"] = "Passkey" if key.is_passwordless else "Security key"
            entry["name"] = authenticator.data.get("name", "")
        elif authenticator.type == Authenticator.Type.TOTP:
            entry["type"] = "Authenticator app"
        else:
            entry["type"] = "Recovery codes"
            if "seed" in authenticator.data or "migrated_codes" in authenticator.data:
                entry["unused_codes"] = len(authenticator.wrap().get_unused_codes())
        entry["last_used_at"] = authenticator.last_used_at
        found.append(entry)
    return found


# --- Conflicts of interest ------------------------------------------------------------------------


def _erase_conflicts(user: User) -> None:
    # Their own declarations go; others' declarations about them lose the address (a closed
    # account is decided about no more): the ones linked to the account and the ones linked to
    # nobody naming any address it confirmed, the one it signs in with or another, made before
    # it had an account or confirmed that address. One it never confirmed may be someone
    # else's, and one linked to another account is about that person: those stay (as for the
    # invitations above).
    ConflictDeclaration.objects.filter(declared_by=user).delete()
    ConflictDeclaration.objects.filter(
        Q(person=user) | Q(person__isnull=True, person_email__in=proven_addresses_of(user))
    ).update(person=None, person_email="closed account", withdrawn_at=timezone.now())


@privacy_part("conflicts", erase=_erase_conflicts)
def _conflicts(user: User) -> list[dict]:
    return rows(ConflictDeclaration.objects.filter(declared_by=user))


# --- The audit trail (kept: it cannot be changed) ----------------------------------------------


@privacy_part("audit")
def _audit(user: User) -> list[dict]:
    """What the person did and what was done about them. A row of what they did to something
    else (another applicant's application they scored, a case they decided) names it by its kind
    and number (`target_type`, `target_id`) without its description, which may be another
    person's name: that person's data is not in this person's download."""
    found = rows(
        AuditEvent.objects.filter(
            Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
        )
    )
    for row in found:
        about_them = row["target_type"] == "accounts.user" and row["target_id"] == str(user.pk)
        if row["target_type"] and not about_them:
            del row["target_repr"]
    return found
