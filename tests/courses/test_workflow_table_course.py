"""The course workflow's table, tried exhaustively through the one transition call."""

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import Course, CourseTransition
from tests.courses.workflow_people import People, api_key
from tests.factories import CourseFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Course.Status
PROVIDER = ["the provider's staff", "the provider's API key"]
STAFF = "program staff who do not act for the provider and did not write the course"
RUNNING = [S.APPROVED, S.SUBMITTED, S.RETURNED]  # where an approval may be running
PROVIDER_SIDE = ["provider staff", "the provider's API key", "staff who act for the provider"]

TABLE = {
    "submit": Move.of(
        [S.DRAFT, S.RETURNED, S.APPROVED], S.SUBMITTED, by=PROVIDER, allowed=PROVIDER_SIDE
    ),
    "withdraw": Move.of([S.DRAFT, S.RETURNED], S.WITHDRAWN, by=PROVIDER, allowed=PROVIDER_SIDE),
    "approve": Move.of(S.SUBMITTED, S.APPROVED, by=STAFF, allowed=["staff"]),
    "return_for_changes": Move.of(
        S.SUBMITTED, S.RETURNED, by=STAFF, allowed=["staff"], reason=True
    ),
    "suspend": Move.of(RUNNING, S.SUSPENDED, by=STAFF, allowed=["staff"], reason=True),
    "revoke": Move.of([*RUNNING, S.SUSPENDED], S.REVOKED, by=STAFF, allowed=["staff"], reason=True),
    "reinstate": Move.of(S.SUSPENDED, S.APPROVED, by=STAFF, allowed=["staff"], reason=True),
    "reinstate_review": Move.of(S.SUSPENDED, S.SUBMITTED, by=STAFF, allowed=["staff"], reason=True),
    "reinstate_returned": Move.of(
        S.SUSPENDED, S.RETURNED, by=STAFF, allowed=["staff"], reason=True
    ),
    "close_renewal": Move.of(S.RETURNED, S.APPROVED, by=STAFF, allowed=["staff"], reason=True),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    writer = UserFactory(roles=[Role.PROGRAM_STAFF])  # wrote the course, acts for nobody now
    provider = people.provider()

    def subject_in(status):
        return force_status(CourseFactory(provider=provider, created_by=writer), status)

    actors = {
        "provider staff": lambda c: people.provider_staff,
        "the provider's API key": lambda c: api_key(provider),
        "a revoked key of the provider": lambda c: api_key(provider, revoked=True),
        "another provider's staff": lambda c: people.elsewhere,
        "another provider's API key": lambda c: people.other_key,
        "staff": lambda c: people.staff,
        "staff who act for the provider": lambda c: people.staff_at_provider,
        "staff who wrote it": lambda c: writer,
        "candidate": lambda c: people.candidate,
        "superuser without a role": lambda c: people.superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("course", c.pk),
    }
    outcome = assert_workflow_table(
        Course,
        table=TABLE,
        subject_in=subject_in,
        actors=actors,
        own_case=["staff who act for the provider", "staff who wrote it"],
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)


@pytest.mark.django_db
def test_each_move_keeps_its_history_row():
    people = People()
    course = force_status(CourseFactory(provider=people.provider()), S.SUBMITTED)
    from certify.core.workflow import transition

    transition(course, "return_for_changes", actor=people.staff, reason="Map CT-3 too.")
    row = CourseTransition.objects.get(course=course)
    assert (row.from_status, row.to_status, row.actor, row.reason) == (
        S.SUBMITTED,
        S.RETURNED,
        people.staff,
        "Map CT-3 too.",
    )
