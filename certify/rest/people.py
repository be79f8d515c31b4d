"""Program staff grant and revoke roles (the person page's form), with the same guard."""

from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from certify.accounts import api as accounts
from certify.accounts.models import Role, User
from certify.rest.auth import token_or_session
from certify.rest.openapi import example

router = Router(auth=token_or_session("staff"))


class RoleChangeIn(Schema):
    role: Role
    action: Literal["grant", "revoke"]
    reason: str = Field("", max_length=500, description="Kept in the audit trail.")

    model_config = example({"role": "reviewer", "action": "grant", "reason": "Joined the panel."})


class PersonRolesOut(Schema):
    id: int
    roles: list[str]

    model_config = example({"id": 14, "roles": ["candidate", "reviewer"]})

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return sorted(obj.roles)


@router.post("/{user_id}/roles", response=PersonRolesOut, summary="Grant or revoke a role")
def role_change(request: HttpRequest, user_id: int, payload: RoleChangeIn):
    """Nobody changes their own roles; granting program staff needs a staff member with 2FA
    (400 with the reason otherwise). Audited with who and why."""
    if not request.user.has_perm("accounts.change_roles"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    change = accounts.role_grant if payload.action == "grant" else accounts.role_revoke
    change(user=person, role=payload.role, actor=cast(User, request.user), reason=payload.reason)
    return User.objects.get(pk=user_id)
