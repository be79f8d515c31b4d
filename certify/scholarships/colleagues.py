"""Sponsors as a kind of organisation people are invited to help run (ADR 0025)."""

from typing import Any

from django.urls import reverse

from certify.accounts.api import ColleagueKind, colleague_kind
from certify.accounts.models import ColleagueInvitation, Role, User
from certify.scholarships.models import Sponsor, SponsorMember
from certify.scholarships.services import SPONSOR_KIND, sponsor_member_add
from certify.scholarships.services.common import is_sponsor_member
from certify.scholarships.workflows.sponsor import runs_sponsor


def _join(invitation: ColleagueInvitation, user: User) -> None:
    sponsor = Sponsor.objects.get(pk=invitation.organisation_id)
    sponsor_member_add(sponsor=sponsor, user=user, role=invitation.role, invitation=invitation)


def _manages(actor: Any, sponsor_id: int) -> bool:
    """Administrators invite and withdraw invitations; committee members do not."""
    return is_sponsor_member(actor, sponsor_id, admin=True)


def _managing(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """`_manages` for many (person, sponsor) pairs in one query (the invited person's lists)."""
    if not pairs:
        return set()
    admins = SponsorMember.objects.filter(
        user_id__in={user for user, _ in pairs},
        sponsor_id__in={sponsor for _, sponsor in pairs},
        role=SponsorMember.Role.ADMIN,
        user__is_active=True,
        user__role_assignments__role=Role.SPONSOR,
    ).values_list("user_id", "sponsor_id")
    return set(admins) & pairs


def _page(sponsor_id: int) -> str:
    slug = Sponsor.objects.filter(pk=sponsor_id).values_list("slug", flat=True).first()
    return reverse("scholarships:members", kwargs={"sponsor": slug}) if slug else "/"


SPONSORS = colleague_kind(
    ColleagueKind(
        name=SPONSOR_KIND,
        noun="scholarship sponsor",
        does="help run its scholarship funds",
        manages=_manages,
        managing=_managing,
        join=_join,
        page=_page,
        roles=dict(SponsorMember.Role.choices),
        seated=runs_sponsor,  # a seat (the committee too), with or without the role
    )
)
