"""The unmatched-report workflow's table, tried exhaustively through the one transition call."""

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import UnmatchedCompletion
from tests.courses.workflow_people import People
from tests.factories import CourseFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = UnmatchedCompletion.Status
STAFF = "program staff who do not act for the provider and did not report it"

TABLE = {
    "match": Move.of(S.OPEN, S.MATCHED, by=STAFF, allowed=["staff"], reason=True),
    "dismiss": Move.of(S.OPEN, S.DISMISSED, by=STAFF, allowed=["staff"], reason=True),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    provider = people.provider()
    course = CourseFactory(provider=provider)
    reporter = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])  # staff reporting a CSV
    provider.memberships.create(user=reporter)

    def subject_in(status):
        row = UnmatchedCompletion.objects.create(
            course=course,
            email="someone@example.org",
            completed_on=timezone.localdate(),
            source="provider_csv",
            reported_by=reporter,
        )
        return force_status(row, status)

    actors = {
        "staff": lambda r: people.staff,
        "staff who reported it": lambda r: reporter,
        "staff at the provider": lambda r: people.staff_at_provider,
        "provider staff": lambda r: people.provider_staff,
        "candidate": lambda r: people.candidate,
        "reviewer": lambda r: people.reviewer,
        "superuser without a role": lambda r: people.superuser,
        "system": lambda r: SYSTEM,
        "link holder": lambda r: LinkHolder("unmatched", r.pk),
    }
    outcome = assert_workflow_table(
        UnmatchedCompletion,
        table=TABLE,
        subject_in=subject_in,
        actors=actors,
        own_case=["staff who reported it", "staff at the provider"],
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
