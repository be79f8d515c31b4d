"""The provider workflow's table, tried exhaustively through the one transition call."""

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import Provider
from tests.courses.workflow_people import People, api_key
from tests.factories import UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Provider.Status
STAFF = "program staff who do not act for the organization and did not register it"

TABLE = {
    "approve": Move.of(S.PENDING, S.APPROVED, by=STAFF, allowed=["staff"]),
    "suspend": Move.of(S.APPROVED, S.SUSPENDED, by=STAFF, allowed=["staff"], reason=True),
    "revoke": Move.of(
        [S.APPROVED, S.SUSPENDED], S.REVOKED, by=STAFF, allowed=["staff"], reason=True
    ),
    "reinstate": Move.of(S.SUSPENDED, S.APPROVED, by=STAFF, allowed=["staff"], reason=True),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    registrant = UserFactory(roles=[Role.PROGRAM_STAFF])  # registered it, then left it

    def subject_in(status):
        return force_status(people.provider(registered_by=registrant), status)

    actors = {
        "provider staff": lambda p: people.provider_staff,
        "the provider's API key": lambda p: api_key(p),
        "another provider's staff": lambda p: people.elsewhere,
        "staff": lambda p: people.staff,
        "staff who act for it": lambda p: people.staff_at_provider,
        "staff who registered it": lambda p: registrant,
        "candidate": lambda p: people.candidate,
        "superuser without a role": lambda p: people.superuser,
        "system": lambda p: SYSTEM,
        "link holder": lambda p: LinkHolder("provider", p.pk),
    }
    outcome = assert_workflow_table(
        Provider,
        table=TABLE,
        subject_in=subject_in,
        actors=actors,
        own_case=["staff who act for it", "staff who registered it"],
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
    assert any("approve, by staff who act for it" in refused for refused in outcome.own_case)
