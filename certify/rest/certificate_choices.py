"""The holder's choices about their certificates, as on their pages: the public profile, the
public register, a wallet offer ("certificates" scope); and staff revoking a set's credential.

Registered on the certificates routers; a module of its own so `certificates` stays small."""

from datetime import date, datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import HttpError

from certify.accounts.models import User
from certify.certificates import api as certificates
from certify.rest.auth import token_or_session
from certify.rest.certificates import router, staff_router
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

HOLDER = token_or_session("certificates")


def _holder(request: HttpRequest) -> User:
    if not request.user.has_perm("certificates.view_own_certificates"):
        raise PermissionDenied
    return cast(User, request.user)


class ProfileIO(InputSchema):
    is_public: bool = Field(description="Whether anyone with its link may see your profile.")

    model_config = example({"is_public": True})


@router.put(
    "/mine/profile", response=ProfileIO, summary="Show or hide my public profile", auth=HOLDER
)
def profile_set(request: HttpRequest, payload: ProfileIO):
    """Your public profile lists your certificates for anyone with its link. Setting the same
    value again changes nothing."""
    profile = certificates.public_profile_set(user=_holder(request), is_public=payload.is_public)
    return {"is_public": profile.is_public}


class ListingIn(InputSchema):
    action: Literal["list", "remove"] = Field(description="list me, or remove me.")
    state: str = Field("", description="Two-letter US state to be listed under (to list).")

    model_config = example({"action": "list", "state": "OH"})


class ListingOut(Schema):
    listed: bool
    state: str = Field(description="The state you are listed under; empty when not listed.")

    model_config = example({"listed": True, "state": "OH"})


@router.put(
    "/mine/register-listing",
    response=ListingOut,
    summary="List me in the public register, or remove me",
    auth=HOLDER,
)
def register_listing(request: HttpRequest, payload: ListingIn):
    """Once a certificate was issued to you, you may be found by name in the public register,
    under a state (400 without one, in the page's words). Listing again moves you; removing
    when not listed changes nothing."""
    user = cast(User, request.user)
    if payload.action == "list":
        listing = certificates.register_listing_set(user=user, state=payload.state)
        return {"listed": True, "state": listing.state}
    certificates.register_listing_remove(user=user)
    return {"listed": False, "state": ""}


class WalletOfferIn(InputSchema):
    tx_code: bool = Field(False, description="Also ask the wallet for a one-time code.")

    model_config = example({"tx_code": True})


class WalletOfferOut(Schema):
    uri: str = Field(description="openid-credential-offer://…: show it as a QR code or a link.")
    tx_code: str = Field(description="The one-time code to type in the wallet; empty if none.")
    expires_at: datetime

    model_config = example(
        {
            "uri": "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22…",
            "tx_code": "493027",
            "expires_at": "2026-12-04T16:30:00Z",
        }
    )


@router.post(
    "/{number}/wallet-offer",
    response=WalletOfferOut,
    summary="Make an offer to add my certificate to a digital wallet",
    auth=HOLDER,
)
def wallet_offer(request: HttpRequest, number: str, payload: WalletOfferIn, response: HttpResponse):
    """OpenID4VCI, pre-authorized code (docs/integration.md): the code works once, for 10
    minutes, and is shown only in this answer. Each call makes a new offer. Your own valid
    certificate only (another's is a 404; one not in force a 400)."""
    user = _holder(request)
    certificate = certificates.certificate_by_number(number=number)
    if certificate is None or certificate.holder_id != user.pk:
        raise Http404
    made = certificates.wallet_offer_create(
        certificate=certificate, actor=user, with_tx_code=payload.tx_code
    )
    response["Cache-Control"] = "no-store"  # the code is shown once, as on the page
    return {"uri": made.uri, "tx_code": made.tx_code, "expires_at": made.expires_at}


class SetRevokeIn(InputSchema):
    reason: str = Field("", max_length=2000, description="The holder reads it.")

    model_config = example({"reason": "The portfolio's evidence was not the candidate's own."})


class SetCredentialOut(Schema):
    id: int
    set_name: str
    status: str
    status_reason: str
    completed_at: datetime = Field(description="When the set was complete (with its offset).")
    completed_on: date = Field(
        description="The day the set was complete in the program's time zone, as the pages and "
        "the credential say it."
    )
    issued_on: date = Field(description="The day its credential was issued, likewise.")

    model_config = example(
        {
            "id": 6,
            "set_name": "Communication and Teamwork",
            "status": "revoked",
            "status_reason": "The portfolio's evidence was not the candidate's own.",
            "completed_at": "2027-03-03T05:30:00Z",
            "completed_on": "2027-03-02",
            "issued_on": "2027-03-02",
        }
    )


@staff_router.post(
    "/sets/{set_credential_id}/revoke",
    response=SetCredentialOut,
    summary="Revoke a set's credential (staff)",
)
def set_credential_revoke(request: HttpRequest, set_credential_id: int, payload: SetRevokeIn):
    """One competency set's credential; the certificate is decided on its own. A reason is
    required; not on your own; revoking a revoked one again is a 400."""
    if not request.user.has_perm("certificates.manage_certificates"):
        raise HttpError(403, "Only program staff may do this.")
    found = certificates.set_credential_staff_find(pk=set_credential_id)
    if found is None:
        raise Http404
    return certificates.set_credential_revoke(
        set_credential=found, actor=cast(User, request.user), reason=payload.reason
    )
