"""The appeal workflow's table, tried exhaustively through the one transition call."""

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_give_notice
from certify.core.workflow import SYSTEM, LinkHolder
from tests.factories import ApplicationFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Appeal.Status
THEMSELVES = "the appellant themselves"
REVIEWER = "program staff other than the appellant and the person who decided"

TABLE = {
    "give_grounds": Move.of(
        S.NOTICE_GIVEN,
        S.GROUNDS_SUBMITTED,
        by=THEMSELVES,
        allowed=["appellant", "appellant on staff"],
    ),
    "uphold": Move.of(S.GROUNDS_SUBMITTED, S.UPHELD, by=REVIEWER, allowed="staff", reason=True),
    "send_back": Move.of(
        S.GROUNDS_SUBMITTED, S.SENT_BACK, by=REVIEWER, allowed="staff", reason=True
    ),
    # An open appeal ends when its appellant's account is closed or deactivated: Certify's move.
    "end": Move.of(
        [S.NOTICE_GIVEN, S.GROUNDS_SUBMITTED],
        S.ENDED,
        by="Certify, when the appellant's account is closed or deactivated",
        allowed="system",
        reason=True,
    ),
}


def appeal_of(appellant, *, decided_by, program):
    application = ApplicationFactory(candidate=appellant, program=program)
    return appeal_give_notice(
        subject=application,
        appellant=appellant,
        program=program,
        decided_by=decided_by,
        decided_at=timezone.now(),
    )


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status(lsscp):
    decider = UserFactory(roles=[Role.PROGRAM_STAFF])
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    superuser = UserFactory(roles=[], is_superuser=True)
    appellant = UserFactory(roles=[Role.CANDIDATE])
    appeal = appeal_of(appellant, decided_by=decider, program=lsscp)

    actors = {
        "appellant": lambda a: appellant,
        "other candidate": lambda a: other,
        "staff": lambda a: staff,
        "decider": lambda a: decider,
        "reviewer": lambda a: reviewer,
        "superuser without a role": lambda a: superuser,
        "system": lambda a: SYSTEM,
        "link holder": lambda a: LinkHolder("appeal", a.pk),
    }
    outcome = assert_workflow_table(
        Appeal,
        table=TABLE,
        subject_in=lambda s: force_status(appeal, s),
        actors=actors,
        own_case=["decider"],
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
    assert any("uphold, by decider" in refused for refused in outcome.refusals)

    # A staff member's own appeal: they give the grounds and may not decide it.
    own_case = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    own = appeal_of(own_case, decided_by=decider, program=lsscp)
    outcome = assert_workflow_table(
        Appeal,
        table=TABLE,
        subject_in=lambda s: force_status(own, s),
        actors={"appellant on staff": lambda a: own_case, "staff": lambda a: staff},
        own_case=["appellant on staff"],
    )
    assert any("send_back, by appellant on staff" in refused for refused in outcome.refusals)
