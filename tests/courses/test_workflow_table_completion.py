"""The course-completion workflow's table, tried exhaustively through the one transition call."""

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import CourseCompletion
from tests.courses.workflow_people import People, api_key
from tests.factories import ApplicationFactory, CourseFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = CourseCompletion.Status
STAFF = "program staff other than the candidate"
PROVIDER = "the course provider's staff other than the candidate"
CERTIFY = "Certify itself, for a provider's report it matched (not the candidate's own)"
CANDIDATE = "the candidate themselves, when someone else reported it"
OTHER_STAFF = (
    "program staff other than the candidate, the provider's people and whoever reported or "
    "matched it"
)


def table(confirm_allowed, reject_allowed, answer_allowed=("candidate", "staff")):
    """`answer_allowed`: who confirms or denies a completion the candidate did not expect."""
    return {
        "confirm": Move.of(
            S.PENDING, S.CONFIRMED, by=[STAFF, PROVIDER, CERTIFY], allowed=confirm_allowed
        ),
        "reject": Move.of(
            S.PENDING, S.REJECTED, by=[STAFF, PROVIDER], allowed=reject_allowed, reason=True
        ),
        "ask_candidate": Move.of(
            S.PENDING,
            S.AWAITING,
            by=[STAFF, CERTIFY],
            allowed=[a for a in confirm_allowed if a != "provider staff"],
        ),
        "candidate_confirm": Move.of(
            S.AWAITING, S.CONFIRMED, by=[CANDIDATE, OTHER_STAFF], allowed=answer_allowed
        ),
        "candidate_reject": Move.of(
            S.AWAITING, S.REJECTED, by=[CANDIDATE, OTHER_STAFF], allowed=answer_allowed
        ),
    }


def completion(course, candidate, *, source, reported_by):
    return CourseCompletion.objects.create(
        course=course,
        application=ApplicationFactory(candidate=candidate, status="accepted"),
        candidate=candidate,
        completed_on=timezone.localdate(),
        source=source,
        reported_by=reported_by,
    )


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    course = CourseFactory(provider=people.provider())
    other_candidate = UserFactory(roles=[Role.CANDIDATE])

    def reported_by_the_provider(status):
        subject = completion(
            course,
            UserFactory(roles=[Role.CANDIDATE]),
            source=CourseCompletion.Source.PROVIDER_CSV,
            reported_by=people.provider_staff,
        )
        return force_status(subject, status)

    actors = {
        "candidate": lambda c: c.candidate,
        "another candidate": lambda c: other_candidate,
        "staff": lambda c: people.staff,
        "provider staff": lambda c: people.provider_staff,
        # Program staff who act for the provider too: its report is theirs to confirm, never
        # theirs to answer for the candidate.
        "staff at the provider": lambda c: people.staff_at_provider,
        "another provider's staff": lambda c: people.elsewhere,
        "the provider's API key": lambda c: api_key(course.provider),
        "reviewer": lambda c: people.reviewer,
        "superuser without a role": lambda c: people.superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("completion", c.pk),
    }
    outcome = assert_workflow_table(
        CourseCompletion,
        table=table(
            ["staff", "provider staff", "staff at the provider", "system"],
            ["staff", "provider staff", "staff at the provider"],
        ),
        subject_in=reported_by_the_provider,
        actors=actors,
        own_case=["staff at the provider"],
    )
    assert outcome.tried == len(S.choices) * 5 * len(actors)

    # Only a provider's report is Certify's to confirm: not a row staff matched by hand (nor one
    # a candidate recorded), even when the person who reported it is no longer known.
    def matched_by_hand(status):
        subject = completion(
            course,
            UserFactory(roles=[Role.CANDIDATE]),
            source=CourseCompletion.Source.STAFF,
            reported_by=None,
        )
        return force_status(subject, status)

    decide = ["staff", "provider staff"]
    outcome = assert_workflow_table(
        CourseCompletion,
        table=table(decide, decide, answer_allowed=["staff"]),
        subject_in=matched_by_hand,
        actors={kind: actors[kind] for kind in ("staff", "provider staff", "system")},
    )
    assert any("confirm, by system" in refused for refused in outcome.refusals)


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["candidate", "provider_csv"])
def test_nobody_confirms_their_own_completion(source):
    """A candidate who is program staff and acts for the provider too: they recorded the
    completion, or reported it in their provider's CSV. Nobody on their side of it decides it,
    and Certify does not confirm a report about the reporter; staff and colleagues do."""
    people = People()
    course = CourseFactory(provider=people.provider())
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF, Role.PROVIDER])
    course.provider.memberships.create(user=own_case)

    def own(status):
        return force_status(
            completion(course, own_case, source=source, reported_by=own_case), status
        )

    actors = {
        "the candidate on staff and at the provider": lambda c: own_case,
        "staff": lambda c: people.staff,
        "provider staff": lambda c: people.provider_staff,
        "system": lambda c: SYSTEM,
    }
    decide = ["staff", "provider staff"]
    outcome = assert_workflow_table(
        CourseCompletion,
        table=table(decide, decide, answer_allowed=["staff"]),
        subject_in=own,
        actors=actors,
        own_case=["the candidate on staff and at the provider"],
    )
    assert any("confirm, by system" in refused for refused in outcome.refusals)
    assert any("by the candidate on staff" in refused for refused in outcome.refusals)
