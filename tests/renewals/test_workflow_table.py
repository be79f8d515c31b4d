"""The renewal workflow's table, tried exhaustively through the one transition call."""

from decimal import Decimal

import pytest

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.core.workflow import SYSTEM, LinkHolder
from certify.renewals.models import Renewal
from tests.factories import UserFactory
from tests.workflow import Move, assert_workflow_table

S = Renewal.Status
HOLDER = "the holder themselves"
STAFF = "program staff other than the holder"
CERTIFY = "Certify itself, once the fee is settled"

TABLE = {
    "send_to_audit": Move.of(S.SUBMITTED, S.IN_AUDIT, by=CERTIFY, allowed=["system"]),
    "approve_paid": Move.of(S.SUBMITTED, S.APPROVED, by=CERTIFY, allowed=["system"]),
    "approve": Move.of(S.IN_AUDIT, S.APPROVED, by=STAFF, allowed=["staff"]),
    "more_evidence": Move.of(S.IN_AUDIT, S.MORE_EVIDENCE, by=STAFF, allowed=["staff"], reason=True),
    "refuse": Move.of(
        [S.IN_AUDIT, S.MORE_EVIDENCE], S.REFUSED, by=STAFF, allowed=["staff"], reason=True
    ),
    "close": Move.of(S.SUBMITTED, S.REFUSED, by=STAFF, allowed=["staff"], reason=True),
    "resubmit": Move.of(
        S.MORE_EVIDENCE, S.IN_AUDIT, by=HOLDER, allowed=["holder", "holder on staff"]
    ),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status(program):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    superuser = UserFactory(roles=[], is_superuser=True)
    staff_holder = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])

    def subject_in(status, holder=None):
        holder = holder or UserFactory(roles=[Role.CANDIDATE])
        certificate = Certificate.objects.create(
            holder=holder, program=program, status=Certificate.Status.VALID
        )
        return Renewal.objects.create(
            certificate=certificate,
            holder=holder,
            program=program,
            status=status,
            hours_total=Decimal(32),
            hours_technology=Decimal(4),
            audit_percent=10,
            audit_seed="seed",
            audit_roll=5,
        )

    actors = {
        "holder": lambda r: r.holder,
        "other holder": lambda r: other,
        "staff": lambda r: staff,
        "superuser without a role": lambda r: superuser,
        "system": lambda r: SYSTEM,
        "link holder": lambda r: LinkHolder("renewal", r.pk),
    }
    outcome = assert_workflow_table(Renewal, table=TABLE, subject_in=subject_in, actors=actors)
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)

    own = assert_workflow_table(
        Renewal,
        table=TABLE,
        subject_in=lambda status: subject_in(status, holder=staff_holder),
        actors={"holder on staff": lambda r: staff_holder, "staff": lambda r: staff},
        own_case=["holder on staff"],
    )
    assert any("approve, by holder on staff" in refused for refused in own.refusals)
