"""The colleague-invitation workflow's table, tried exhaustively through the one transition call."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.invitation_workflow import LINK_PURPOSE
from certify.accounts.models import ColleagueInvitation, Role
from certify.core.workflow import SYSTEM, LinkHolder
from tests.factories import ProviderFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = ColleagueInvitation.Status
INVITED = "the person invited, signed in with the invited address"
LINK = "the holder of the invitation link"
ORGANISATION = "the people who manage the organization's colleagues"
SYSTEM_LABEL = "Certify itself"

TABLE = {
    "accept": Move.of(S.PENDING, S.ACCEPTED, by=INVITED, allowed=["the person invited"]),
    "decline": Move.of(
        S.PENDING,
        S.DECLINED,
        by=[INVITED, LINK],
        allowed=["the person invited", "the link's holder"],
    ),
    "withdraw": Move.of(S.PENDING, S.WITHDRAWN, by=ORGANISATION, allowed=["the provider's staff"]),
    "expire": Move.of(S.PENDING, S.EXPIRED, by=SYSTEM_LABEL, allowed=["system"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    inviter = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[inviter])
    invited = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    unverified = UserFactory(email="unverified@example.org", verified=False)
    unverified.emailaddress_set.create(email="sam.unverified@example.org", verified=False)
    elsewhere = UserFactory(roles=[Role.PROVIDER])
    ProviderFactory(staff=[elsewhere])
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    superuser = UserFactory(roles=[], is_superuser=True)

    def subject_in(status):
        invitation = ColleagueInvitation.objects.create(
            kind="provider",
            organisation_id=provider.pk,
            organisation_name=provider.name,
            email=f"{status}@example.org",  # one pending invitation per address
            token_hash=f"{status:0<64}"[:64],
            invited_by=inviter,
            expires_at=timezone.now() + timedelta(days=14),
        )
        force_status(invitation, status)
        ColleagueInvitation.objects.filter(pk=invitation.pk).update(email=invited.email)
        invitation.refresh_from_db()
        return invitation

    actors = {
        "the person invited": lambda i: invited,
        "someone else signed in": lambda i: UserFactory(),
        "an account with the address unverified": lambda i: unverified,
        "the provider's staff": lambda i: inviter,
        "another provider's staff": lambda i: elsewhere,
        "program staff": lambda i: staff,
        "superuser without a role": lambda i: superuser,
        "system": lambda i: SYSTEM,
        "the link's holder": lambda i: LinkHolder(LINK_PURPOSE, i.pk),
        "another invitation's link": lambda i: LinkHolder(LINK_PURPOSE, i.pk + 1000),
        "a link for something else": lambda i: LinkHolder("attestation", i.pk),
    }
    outcome = assert_workflow_table(
        ColleagueInvitation, table=TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
    assert any("accept, by someone else signed in" in r for r in outcome.refusals)
