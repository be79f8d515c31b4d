"""Your own account, as on its pages: revoking a token, answering and withdrawing colleague
invitations, a copy of your data, and the conflicts of interest a decider declares.

Tokens need the "account" scope (no role: it reaches only the person's own things), the copy
of one's data the "export" scope (it holds everything the other scopes guard), the conflicts
the "conflicts" scope (the roles that decide about others); the site's session works too.
Each operation calls the service its page calls, with the page's checks.
"""

from datetime import datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from certify.accounts import api as accounts
from certify.accounts.models import (
    ColleagueInvitation,
    ConflictDeclaration,
    PersonalAccessToken,
    User,
)
from certify.core.errors import DomainError
from certify.rest.auth import TokenAuth, token_or_session
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("account"))
conflicts_router = Router(auth=token_or_session("conflicts"))


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- Tokens ------------------------------------------------------------------------------------


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime
    revoked_at: datetime | None

    model_config = example(
        {
            "id": 7,
            "name": "Library HR system",
            "prefix": "3f9a1c2e",
            "scopes": ["certificates"],
            "expires_at": "2027-03-01T12:00:00Z",
            "revoked_at": "2026-12-04T16:20:00Z",
        }
    )


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke one of my tokens")
def token_revoke(request: HttpRequest, token_id: int):
    """The token stops working at once (also the one making this call). Only your own tokens
    (another's is a 404); revoking a revoked token changes nothing and answers the same."""
    token = PersonalAccessToken.objects.filter(pk=token_id, user=_me(request)).first()
    if token is None:
        raise Http404
    accounts.token_revoke(token=token, actor=_me(request))
    return PersonalAccessToken.objects.get(pk=token_id)


# --- Colleague invitations ---------------------------------------------------------------------


class InvitationAnswerIn(InputSchema):
    answer: Literal["accept", "decline"] | None = Field(
        None, description="accept or decline; left out, a 400 says to choose."
    )

    model_config = example({"answer": "accept"})


class InvitationOut(Schema):
    id: int
    kind: str = Field(description="provider or sponsor: what the organization is.")
    organization: str = Field(description="The organization's name.")
    role: str
    status: str
    answered_at: datetime | None

    model_config = example(
        {
            "id": 5,
            "kind": "sponsor",
            "organization": "Support Staff Division",
            "role": "committee",
            "status": "accepted",
            "answered_at": "2026-12-04T16:20:00Z",
        }
    )

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organisation_name


class InvitationSeenOut(InvitationOut):
    expires_at: datetime = Field(
        description="When the link stops working: the midnight after its last day in the site's "
        "time zone, so it works through the whole of that day (ADR 0024)."
    )
    stands: bool = Field(description="Whether accepting it would work now.")
    why_not: str = Field(
        description="Why it no longer stands and what to do (empty while it stands): "
        "accepted, declined, withdrawn, expired, or its sender no longer manages the "
        "organization's colleagues (ask the organization for a new invitation)."
    )

    model_config = example(
        {
            "id": 5,
            "kind": "sponsor",
            "organization": "Support Staff Division",
            "role": "committee",
            "status": "pending",
            "answered_at": None,
            "expires_at": "2026-12-19T06:00:00Z",
            "stands": False,
            "why_not": "This invitation no longer stands: the person who invited you no longer "
            "manages Support Staff Division's colleagues. Ask someone at Support Staff Division "
            "to send you a new invitation.",
        }
    )


def _sent_to_me(request: HttpRequest, invitation_id: int) -> ColleagueInvitation:
    try:
        return accounts.colleague_invitation_sent_to_get(user=_me(request), pk=invitation_id)
    except ColleagueInvitation.DoesNotExist:
        raise Http404 from None


@router.get(
    "/invitations/{invitation_id}",
    response=InvitationSeenOut,
    summary="Read an invitation sent to you, and whether it still stands",
)
def invitation_get(request: HttpRequest, invitation_id: int):
    """An invitation sent to one of your verified addresses, whatever became of it (any other is
    a 404). Before answering: `stands` says whether accepting would work now, and `why_not`
    why not and what to do, in the words of the invitation's page. Reading it answers
    nothing."""
    invitation = _sent_to_me(request, invitation_id)
    why = accounts.why_not_standing(invitation)
    invitation.stands, invitation.why_not = not why, why  # type: ignore[attr-defined]
    return invitation


@router.post(
    "/invitations/{invitation_id}/answer",
    response={200: InvitationOut, **problems(410)},
    summary="Accept or decline an invitation to act for an organization",
)
def invitation_answer(request: HttpRequest, invitation_id: int, payload: InvitationAnswerIn):
    """One of the invitations sent to a verified address of yours (any other is a 404).
    Accepting makes you one of the organization's people, as the invitation says; declining
    changes nothing else. One that no longer stands (answered, withdrawn, expired, or its
    sender no longer manages the organization's colleagues) is a 410 saying why and what to
    do, as `GET /account/invitations/{invitation_id}` says beforehand."""
    user = _me(request)
    invitation = _sent_to_me(request, invitation_id)
    why = accounts.why_not_standing(invitation)
    if why:
        raise HttpError(410, why)
    if payload.answer is None:
        raise DomainError("Choose whether to accept or decline the invitation.", field="answer")
    if payload.answer == "accept":
        accounts.colleague_invitation_accept(invitation=invitation, actor=user)
    else:
        accounts.colleague_invitation_decline(invitation=invitation, actor=user)
    return ColleagueInvitation.objects.get(pk=invitation_id)


@router.post(
    "/invitations/{invitation_id}/withdraw",
    response=InvitationOut,
    summary="Withdraw an invitation your organization sent",
    auth=[TokenAuth("scholarships"), django_auth],
)
def invitation_withdraw(request: HttpRequest, invitation_id: int):
    """For the people who manage the organization's colleagues (a sponsor's administrators,
    with the "scholarships" scope; a provider's people signed in). Only a waiting invitation:
    a repeated withdrawal is a 400 saying it was withdrawn."""
    invitation = accounts.colleague_invitation_find(pk=invitation_id)
    if invitation is None:
        raise Http404
    # Another organization's invitation answers as an unknown id (docs/security.md).
    accounts.colleague_invitation_require_manager(invitation=invitation, user=request.user)
    accounts.colleague_invitation_withdraw(invitation=invitation, actor=_me(request))
    return ColleagueInvitation.objects.get(pk=invitation_id)


# --- A copy of my data -------------------------------------------------------------------------


@router.post(
    "/data-export",
    summary="Download a copy of my data",
    auth=token_or_session("export"),
    openapi_extra={
        "responses": {
            200: {
                "description": "A ZIP file: your data as JSON, and the files you uploaded.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def data_export(request: HttpRequest):
    """Your own data only (nobody can ask for another's), as the privacy page's download.
    Nothing changes: each call builds a fresh copy. A personal access token needs the `export`
    scope: the copy holds everything the other scopes guard (applications, portfolios, invoices,
    certificates), so it is never part of `account`. Tokens made with `account` before the
    `export` scope existed were given it too, as they were made to include the copy."""
    response = HttpResponse(accounts.data_export_build(user=_me(request)), "application/zip")
    name = f"certify-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Conflicts of interest ---------------------------------------------------------------------


class ConflictIn(InputSchema):
    person_email: str = Field("", max_length=254, description="The person's e-mail address.")
    organisation: str = Field(
        "", max_length=200, description="Or a workplace: an organization, a library (not both)."
    )
    reason: str = Field("", max_length=300, description="What the conflict is; staff read it.")

    model_config = example(
        {"person_email": "", "organisation": "Hill Library", "reason": "My former employer."}
    )


class ConflictOut(Schema):
    id: int
    with_whom: str
    reason: str
    declared_at: datetime
    withdrawn_at: datetime | None

    model_config = example(
        {
            "id": 4,
            "with_whom": "Hill Library",
            "reason": "My former employer.",
            "declared_at": "2026-12-04T16:20:00Z",
            "withdrawn_at": None,
        }
    )


def _may_declare(request: HttpRequest) -> None:
    if not accounts.may_declare(request.user):
        raise PermissionDenied


@conflicts_router.get("", response=list[ConflictOut], summary="List my declared conflicts")
@paginate(Pagination)
def conflict_list(request: HttpRequest):
    """Your declarations, standing ones first. For people who decide about others."""
    _may_declare(request)
    return accounts.conflict_list_for(user=_me(request))


@conflicts_router.post("", response={201: ConflictOut}, summary="Declare a conflict of interest")
def conflict_declare(request: HttpRequest, payload: ConflictIn):
    """With one person (their e-mail address) or one workplace; while it stands you decide
    nothing about them. The same words as the page when something is missing (400 with
    `field`); declaring the same conflict again is refused."""
    _may_declare(request)
    declared = accounts.conflict_declare(
        actor=_me(request),
        reason=payload.reason,
        person_email=payload.person_email.strip(),
        organisation=payload.organisation,
    )
    return Status(201, declared)


@conflicts_router.post(
    "/{conflict_id}/withdraw", response=ConflictOut, summary="Withdraw a declared conflict"
)
def conflict_withdraw(request: HttpRequest, conflict_id: int):
    """Your own declaration only (another's is a 404); it is kept for the record. Withdrawing
    it again is a 400."""
    declaration = ConflictDeclaration.objects.filter(
        pk=conflict_id, declared_by=_me(request)
    ).first()
    if declaration is None:
        raise Http404
    return accounts.conflict_withdraw(declaration=declaration, actor=_me(request))
