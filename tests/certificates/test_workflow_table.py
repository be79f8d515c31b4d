"""The certificate workflow's table, tried exhaustively through the one transition call."""

import pytest

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.core.workflow import SYSTEM, LinkHolder
from tests.factories import UserFactory
from tests.workflow import Move, assert_workflow_table

S = Certificate.Status
STAFF = "program staff other than the holder"
CERTIFY = "Certify itself"
STAFF_KINDS = ["staff"]

TABLE = {
    "issue": Move.of(S.PENDING, S.VALID, by=CERTIFY, allowed=["system"]),
    "approve": Move.of(S.PENDING, S.VALID, by=STAFF, allowed=STAFF_KINDS),
    "suspend": Move.of(S.VALID, S.SUSPENDED, by=STAFF, allowed=STAFF_KINDS, reason=True),
    "reinstate": Move.of(S.SUSPENDED, S.VALID, by=STAFF, allowed=STAFF_KINDS, reason=True),
    "revoke": Move.of(
        [S.VALID, S.SUSPENDED], S.REVOKED, by=STAFF, allowed=STAFF_KINDS, reason=True
    ),
    "replace": Move.of(S.VALID, S.REPLACED, by=CERTIFY, allowed=["system"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status(program):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    superuser = UserFactory(roles=[], is_superuser=True)
    staff_holder = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])

    def subject_in(status, holder=None):
        holder = holder or UserFactory(roles=[Role.CANDIDATE])
        return Certificate.objects.create(holder=holder, program=program, status=status)

    actors = {
        "holder": lambda c: c.holder,
        "other candidate": lambda c: other,
        "staff": lambda c: staff,
        "reviewer": lambda c: reviewer,
        "superuser without a role": lambda c: superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("certificate", c.pk),
    }
    outcome = assert_workflow_table(Certificate, table=TABLE, subject_in=subject_in, actors=actors)
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)

    # Staff never decide the status of their own certificate.
    own = assert_workflow_table(
        Certificate,
        table=TABLE,
        subject_in=lambda status: subject_in(status, holder=staff_holder),
        actors={"holder on staff": lambda c: staff_holder, "staff": lambda c: staff},
        own_case=["holder on staff"],
    )
    assert any("revoke, by holder on staff" in refused for refused in own.refusals)


@pytest.mark.django_db
def test_a_signing_key_is_retired_by_staff_or_an_operator_and_withdrawn_by_an_operator_only():
    from certify.certificates.models import IssuerKey

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    key_status = IssuerKey.Status
    operator = "an operator at the command line"
    table = {
        "retire": Move.of(
            key_status.ACTIVE,
            key_status.RETIRED,
            by=["program staff", operator],
            allowed=["staff", "operator"],
        ),
        "compromise": Move.of(
            [key_status.ACTIVE, key_status.RETIRED],
            key_status.COMPROMISED,
            by=operator,
            allowed=["operator"],
            reason=True,
        ),
    }

    def subject_in(status):
        IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).delete()
        return IssuerKey.objects.create(
            fragment=f"key-{status}",
            public_key_multibase=f"z{status}",
            private_key_encrypted="-",
            status=status,
        )

    actors = {
        "staff": lambda k: staff,
        "candidate": lambda k: UserFactory(roles=[Role.CANDIDATE]),
        "reviewer": lambda k: UserFactory(roles=[Role.REVIEWER]),
        "superuser without a role": lambda k: UserFactory(roles=[], is_superuser=True),
        "operator": lambda k: SYSTEM,
        "link holder": lambda k: LinkHolder("key", k.pk),
    }
    outcome = assert_workflow_table(IssuerKey, table=table, subject_in=subject_in, actors=actors)
    assert outcome.allowed == 4  # retire: staff, operator; compromise: operator, from two
