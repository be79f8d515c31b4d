"""A sponsor's people: its administrators invite someone by e-mail address to help run the funds
(as administrator or committee member) and remove someone, as on the sponsor's members page.

Registered on the sponsor's scholarships router ("scholarships" scope)."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from certify.rest.openapi import example
from certify.rest.schemas import InputSchema
from certify.rest.scholarships import _dashboard, _user, sponsor_router
from certify.scholarships import api as scholarships
from certify.scholarships.models import Sponsor, SponsorMember


class MemberInviteIn(InputSchema):
    email: str = Field("", max_length=254, description="Their e-mail address.")
    role: str = Field("committee", description="admin (administrator) or committee.")

    model_config = example({"email": "jo.reader@example.org", "role": "committee"})


class MemberInvitationOut(Schema):
    id: int = Field(description="The invitation (withdraw it with `account_invitation_withdraw`).")
    email: str
    role: str
    status: str
    expires_at: datetime = Field(
        description="When the link stops working: the midnight after its last day in the site's "
        "time zone, so it works through the whole of that day (ADR 0024)."
    )

    model_config = example(
        {
            "id": 12,
            "email": "jo.reader@example.org",
            "role": "committee",
            "status": "pending",
            "expires_at": "2026-12-19T06:00:00Z",
        }
    )


@sponsor_router.post(
    "/sponsors/{sponsor}/members",
    response={201: MemberInvitationOut},
    summary="Invite someone to help run a sponsor's funds",
)
def member_invite(request: HttpRequest, sponsor: str, payload: MemberInviteIn):
    """The sponsor's administrators only. They help run the funds once they accept, signed in
    with that address. The same answer whether or not the address has an account; sending
    again to the same address replaces the waiting invitation (its link stops working)."""
    _dashboard(request)
    try:
        found = scholarships.sponsor_get(slug=sponsor)
    except Sponsor.DoesNotExist:
        raise Http404 from None
    scholarships.require(request.user, found, "scholarships.manage_fund")
    invitation = scholarships.sponsor_member_invite(
        sponsor=found, email=payload.email.strip().lower(), role=payload.role, actor=request.user
    )
    return Status(201, invitation)


class MemberOut(Schema):
    id: int
    sponsor: str
    role: str
    removed: bool

    model_config = example({"id": 3, "sponsor": "ssd", "role": "committee", "removed": True})


@sponsor_router.delete(
    "/members/{member_id}", response=MemberOut, summary="Remove someone from a sponsor"
)
def member_remove(request: HttpRequest, member_id: int):
    """The sponsor's administrators only; the last administrator stays (400). Removing someone
    already removed is a 404."""
    _dashboard(request)
    member = SponsorMember.objects.select_related("sponsor", "user").filter(pk=member_id).first()
    if member is None:
        raise Http404
    scholarships.require(request.user, member.sponsor, "scholarships.manage_fund")
    scholarships.sponsor_member_remove(member=member, actor=_user(request))
    return {"id": member_id, "sponsor": member.sponsor.slug, "role": member.role, "removed": True}
