"""The plan-set workflow's table: only Certify moves a set, when a route's decision completes it."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.workflow import SYSTEM, LinkHolder
from certify.progress.models import PlannedSet
from tests.factories import ApplicationFactory, CompetencySetFactory, UserFactory
from tests.workflow import Move, assert_workflow_table

S = PlannedSet.Status
CERTIFY = "Certify itself, when a route's decision completes the set"

TABLE = {
    "start": Move.of(S.NOT_STARTED, S.IN_PROGRESS, by=CERTIFY, allowed=["system"]),
    "satisfy": Move.of([S.NOT_STARTED, S.IN_PROGRESS], S.SATISFIED, by=CERTIFY, allowed=["system"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    provider = UserFactory(roles=[Role.PROVIDER])

    def subject_in(status):
        application = ApplicationFactory(status=Application.Status.ACCEPTED)
        competency_set = CompetencySetFactory(program=application.program)
        return PlannedSet.objects.create(
            application=application, competency_set=competency_set, status=status
        )

    actors = {
        "candidate": lambda p: p.application.candidate,
        "staff": lambda p: staff,
        "reviewer": lambda p: reviewer,
        "provider": lambda p: provider,
        "system": lambda p: SYSTEM,
        "link holder": lambda p: LinkHolder("plan", p.pk),
    }
    outcome = assert_workflow_table(PlannedSet, table=TABLE, subject_in=subject_in, actors=actors)
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
