"""Program staff grant and revoke roles (the person page's form), with the same guard, and read
a person's roles with the periods of those that ended (the person page's lists)."""

from datetime import datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from certify.accounts import api as accounts
from certify.accounts.models import Role, User
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("staff"))


class RoleChangeIn(InputSchema):
    role: Role
    action: Literal["grant", "revoke"]
    reason: str = Field("", max_length=500, description="Kept in the audit trail.")

    model_config = example({"role": "reviewer", "action": "grant", "reason": "Joined the panel."})


class EndedRoleOut(Schema):
    role: str
    granted_at: datetime
    granted_by: int | None = Field(description="Who granted it (empty: at sign-up or unknown).")
    ended_at: datetime
    ended_by: int | None = Field(description="Who ended it (empty: an operator).")
    reason: str

    @staticmethod
    def resolve_granted_by(obj) -> int | None:
        return obj.granted_by_id

    @staticmethod
    def resolve_ended_by(obj) -> int | None:
        return obj.ended_by_id


class PersonRolesOut(Schema):
    id: int
    roles: list[str]
    ended_roles: list[EndedRoleOut] = Field(
        description="Each period a role was held and then ended, the latest first; a role "
        "granted again later is a new period."
    )

    model_config = example(
        {
            "id": 14,
            "roles": ["candidate"],
            "ended_roles": [
                {
                    "role": "reviewer",
                    "granted_at": "2026-01-12T15:04:00Z",
                    "granted_by": 3,
                    "ended_at": "2026-11-30T09:30:00Z",
                    "ended_by": 3,
                    "reason": "Left the panel.",
                }
            ],
        }
    )

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return sorted(obj.roles)

    @staticmethod
    def resolve_ended_roles(obj) -> list:
        return list(accounts.ended_roles_of(user=obj))


@router.get("/{user_id}/roles", response=PersonRolesOut, summary="A person's roles")
def roles_get(request: HttpRequest, user_id: int):
    """The roles held now, and each period a role was held and then ended (who granted and
    ended it, when, why)."""
    if not request.user.has_perm("accounts.change_roles"):
        raise PermissionDenied
    return get_object_or_404(User, pk=user_id)


@router.post("/{user_id}/roles", response=PersonRolesOut, summary="Grant or revoke a role")
def role_change(request: HttpRequest, user_id: int, payload: RoleChangeIn):
    """Nobody changes their own roles; granting or ending program staff needs a staff member
    with 2FA (400 with the reason otherwise). Audited with who and why; an ended role's period
    is kept (`ended_roles`)."""
    if not request.user.has_perm("accounts.change_roles"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    change = accounts.role_grant if payload.action == "grant" else accounts.role_revoke
    change(user=person, role=payload.role, actor=cast(User, request.user), reason=payload.reason)
    return User.objects.get(pk=user_id)
