"""The application workflow's table, tried exhaustively through the one transition call."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application, ExperienceEntry
from certify.core.workflow import SYSTEM, LinkHolder
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Application.Status
THEMSELVES = "the candidate themselves"
STAFF = "program staff other than the candidate"
APPEAL = "program staff other than the candidate and the person who decided"

TABLE = {
    "submit": Move.of(
        [S.DRAFT, S.MORE_INFO],
        S.SUBMITTED,
        by=THEMSELVES,
        allowed=["candidate", "candidate on staff"],
    ),
    "withdraw": Move.of(
        [S.DRAFT, S.MORE_INFO, S.SUBMITTED],
        S.WITHDRAWN,
        by=THEMSELVES,
        allowed=["candidate", "candidate on staff"],
    ),
    "accept": Move.of(S.SUBMITTED, S.ACCEPTED, by=STAFF, allowed=["staff", "decider"]),
    "ask_more_info": Move.of(
        S.SUBMITTED, S.MORE_INFO, by=STAFF, allowed=["staff", "decider"], reason=True
    ),
    "reject": Move.of(S.SUBMITTED, S.REJECTED, by=STAFF, allowed=["staff", "decider"], reason=True),
    "reopen_after_appeal": Move.of(S.REJECTED, S.SUBMITTED, by=APPEAL, allowed=["staff"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    decider = UserFactory(roles=[Role.PROGRAM_STAFF])
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    superuser = UserFactory(roles=[], is_superuser=True)
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])

    def subject_in(status):
        candidate = UserFactory(roles=[Role.CANDIDATE])
        application = ApplicationFactory(candidate=candidate, decided_by=decider)
        return force_status(application, status)

    def subject_of_staff_member(status):
        application = ApplicationFactory(candidate=own_case, decided_by=decider)
        return force_status(application, status)

    actors = {
        "candidate": lambda a: a.candidate,
        "other candidate": lambda a: other,
        "staff": lambda a: staff,
        "decider": lambda a: decider,
        "reviewer": lambda a: reviewer,
        "superuser without a role": lambda a: superuser,
        "system": lambda a: SYSTEM,
        "link holder": lambda a: LinkHolder("supervisor", a.pk),
    }
    outcome = assert_workflow_table(
        Application, table=TABLE, subject_in=subject_in, actors=actors, own_case=["decider"]
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)

    # A staff member's own application: they are "the candidate" and may not decide it.
    own = {"candidate on staff": lambda a: own_case, "staff": lambda a: staff}
    outcome = assert_workflow_table(
        Application,
        table=TABLE,
        subject_in=subject_of_staff_member,
        actors=own,
        own_case=["candidate on staff"],
    )
    assert any("accept, by candidate on staff" in refused for refused in outcome.refusals)


C = ExperienceEntry.SupervisorStatus
LINK = "the supervisor holding this entry's link"
SUPERVISOR_TABLE = {
    # An answer stands until the entry changes: asking again starts from "not asked", an open
    # request (a new link replaces the old one), a changed entry or a lapsed request.
    "request_confirmation": Move.of(
        [C.NOT_ASKED, C.REQUESTED, C.CHANGED, C.LAPSED],
        C.REQUESTED,
        by=THEMSELVES,
        allowed=["candidate"],
    ),
    "confirm": Move.of(C.REQUESTED, C.CONFIRMED, by=LINK, allowed=["link"]),
    "correct": Move.of(C.REQUESTED, C.CORRECTED, by=LINK, allowed=["link"]),
    "change_after_request": Move.of(
        [C.REQUESTED, C.CONFIRMED, C.CORRECTED], C.CHANGED, by=THEMSELVES, allowed=["candidate"]
    ),
    "lapse": Move.of(
        C.REQUESTED,
        C.LAPSED,
        by="Certify, when the application is submitted before the answer",
        allowed=["system"],
    ),
}


@pytest.mark.django_db
def test_a_supervisor_confirmation_is_asked_by_the_candidate_and_answered_by_the_link():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])

    def subject_in(status):
        return force_status(ExperienceEntryFactory(), status)

    actors = {
        "candidate": lambda e: e.application.candidate,
        "other candidate": lambda e: UserFactory(roles=[Role.CANDIDATE]),
        "staff": lambda e: staff,
        "system": lambda e: SYSTEM,
        "link": lambda e: LinkHolder("supervisor", e.pk),
        "link to another entry": lambda e: LinkHolder("supervisor", e.pk + 1000),
        "link for another purpose": lambda e: LinkHolder("attestation", e.pk),
    }
    outcome = assert_workflow_table(
        ExperienceEntry, table=SUPERVISOR_TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(C.choices) * len(SUPERVISOR_TABLE) * len(actors)
