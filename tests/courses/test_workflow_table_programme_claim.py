"""The programme-claim workflow's table, tried exhaustively through the one transition call."""

from datetime import date

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import ProgrammeClaim, RecognisedProgramme
from tests.factories import ApplicationFactory, ProgramFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = ProgrammeClaim.Status
STAFF = "program staff other than the candidate"

TABLE = {
    "confirm": Move.of(S.PENDING, S.CONFIRMED, by=STAFF, allowed=["staff"]),
    "reject": Move.of(S.PENDING, S.REJECTED, by=STAFF, allowed=["staff"], reason=True),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    superuser = UserFactory(roles=[], is_superuser=True)
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    programme = RecognisedProgramme.objects.create(
        program=ProgramFactory(),
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        starts_on=date(2024, 1, 1),
    )

    def claim_of(candidate):
        def subject_in(status):
            claim = ProgrammeClaim.objects.create(
                programme=programme,
                application=ApplicationFactory(candidate=candidate, status="accepted"),
                candidate=candidate,
                graduated_on=date(2025, 5, 30),
                proof="programme-proofs/diploma.pdf",
                submitted_on=date(2026, 1, 15),
            )
            return force_status(claim, status)

        return subject_in

    actors = {
        "candidate": lambda c: c.candidate,
        "another candidate": lambda c: other,
        "staff": lambda c: staff,
        "reviewer": lambda c: reviewer,
        "superuser without a role": lambda c: superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("claim", c.pk),
    }
    outcome = assert_workflow_table(
        ProgrammeClaim,
        table=TABLE,
        subject_in=claim_of(UserFactory(roles=[Role.CANDIDATE])),
        actors=actors,
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)

    # A staff member's own claim: they are "the candidate" and may not decide it.
    own = {"candidate on staff": lambda c: own_case, "staff": lambda c: staff}
    outcome = assert_workflow_table(
        ProgrammeClaim,
        table=TABLE,
        subject_in=claim_of(own_case),
        actors=own,
        own_case=["candidate on staff"],
    )
    assert any("confirm, by candidate on staff" in refused for refused in outcome.refusals)
