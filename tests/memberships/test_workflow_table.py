"""The membership workflow's table, tried exhaustively through the one transition call, for a
membership staff check (ALA) and one the sponsor checks (SSD)."""

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.memberships.models import Membership, Organisation
from tests.factories import MembershipFactory, SponsorFactory, SponsorMemberFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Membership.Status
STAFF = "program staff other than the member, for memberships staff check"
SPONSOR = "the people who run the organization's sponsor, other than the member"
MEMBER = "the member themselves"


def table(deciders):
    return {
        "confirm": Move.of(
            [S.PENDING, S.REJECTED], S.CONFIRMED, by=[STAFF, SPONSOR], allowed=deciders
        ),
        "reject": Move.of(
            [S.PENDING, S.CONFIRMED], S.REJECTED, by=[STAFF, SPONSOR], allowed=deciders, reason=True
        ),
        "change": Move.of(
            [S.CONFIRMED, S.REJECTED], S.PENDING, by=MEMBER, allowed=["member", "member on staff"]
        ),
    }


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    ala = Organisation.objects.get(code="ALA")
    ssd = Organisation.objects.get(code="SSD")
    ssd_sponsor = SponsorMemberFactory(sponsor=SponsorFactory(slug="ssd", organisation=ssd)).user
    people = {
        "other candidate": UserFactory(roles=[Role.CANDIDATE]),
        "staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "SSD's sponsor": ssd_sponsor,
        "another sponsor": SponsorMemberFactory().user,
        "sponsor role only": UserFactory(roles=[Role.SPONSOR]),
        "reviewer": UserFactory(roles=[Role.REVIEWER]),
        "superuser without a role": UserFactory(roles=[], is_superuser=True),
    }
    actors = {
        "member": lambda m: m.user,
        **{kind: (lambda m, who=who: who) for kind, who in people.items()},
        "system": lambda m: SYSTEM,
        "link holder": lambda m: LinkHolder("membership", m.pk),
    }
    for organisation, deciders in ((ala, "staff"), (ssd, "SSD's sponsor")):
        membership = MembershipFactory(organisation=organisation, status=S.PENDING)
        outcome = assert_workflow_table(
            Membership,
            table=table(deciders),
            subject_in=lambda s, m=membership: force_status(m, s),
            actors=actors,
        )
        assert outcome.tried == len(S.choices) * 3 * len(actors)

    # Nobody confirms their own membership: a staff member's own ALA one, the SSD sponsor's own
    # SSD one (another of the sponsor's people confirms it).
    own_ala = MembershipFactory(
        organisation=ala, user=UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    )
    own_ssd = MembershipFactory(organisation=ssd, user=ssd_sponsor)
    colleague = SponsorMemberFactory(sponsor=ssd_sponsor.sponsor_memberships.get().sponsor).user
    for own, kind, decider in (
        (own_ala, "staff", people["staff"]),
        (own_ssd, "SSD's sponsor", colleague),
    ):
        outcome = assert_workflow_table(
            Membership,
            table=table(kind),
            subject_in=lambda s, m=own: force_status(m, s),
            actors={"member on staff": lambda m: m.user, kind: lambda m, d=decider: d},
            own_case=["member on staff"],
        )
        assert any("confirm, by member on staff" in refused for refused in outcome.refusals)
