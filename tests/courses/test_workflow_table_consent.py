"""The provider-consent workflow's table, tried exhaustively through the one transition call:
only the candidate answers an invitation or withdraws consent (ADR 0021)."""

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import ProviderConsent
from tests.courses.workflow_people import People, api_key
from tests.factories import ApplicationFactory, CourseFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = ProviderConsent.Status
CANDIDATE = "the candidate themselves"
TABLE = {
    "accept": Move.of(S.INVITED, S.ACCEPTED, by=[CANDIDATE], allowed=["candidate"]),
    "decline": Move.of(S.INVITED, S.DECLINED, by=[CANDIDATE], allowed=["candidate"]),
    "withdraw": Move.of(S.ACCEPTED, S.WITHDRAWN, by=[CANDIDATE], allowed=["candidate"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    course = CourseFactory(provider=people.provider())
    other_candidate = UserFactory(roles=[Role.CANDIDATE])

    def subject_in(status):
        candidate = UserFactory(roles=[Role.CANDIDATE])
        consent = ProviderConsent.objects.create(
            provider=course.provider,
            course=course,
            application=ApplicationFactory(candidate=candidate, status="accepted"),
            candidate=candidate,
            source=ProviderConsent.Source.INVITATION,
            invited_as=candidate.email,
            invited_by=people.provider_staff,
        )
        return force_status(consent, status)

    actors = {
        "candidate": lambda c: c.candidate,
        "another candidate": lambda c: other_candidate,
        "staff": lambda c: people.staff,
        "provider staff": lambda c: people.provider_staff,
        "the provider's API key": lambda c: api_key(course.provider),
        "superuser without a role": lambda c: people.superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("consent", c.pk),
    }
    outcome = assert_workflow_table(
        ProviderConsent, table=TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
