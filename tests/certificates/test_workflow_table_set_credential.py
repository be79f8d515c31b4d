"""The set credential's workflow table (ADR 0035), tried exhaustively through the engine."""

import pytest

from certify.accounts.models import Role
from certify.certificates.models import SetCredential
from certify.core.workflow import SYSTEM, LinkHolder
from tests.certificates.conftest import finish, nearly_done
from tests.factories import UserFactory
from tests.workflow import Move, assert_workflow_table

S = SetCredential.Status
STAFF = "program staff other than the holder"
WITH_CERTIFICATE = "Certify itself, when the certificate is revoked"

TABLE = {
    "revoke": Move.of(
        S.VALID, S.REVOKED, by=[STAFF, WITH_CERTIFICATE], allowed=["staff", "system"], reason=True
    ),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status(program):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.CANDIDATE])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    superuser = UserFactory(roles=[], is_superuser=True)
    application, last = nearly_done(program)
    finish(last)
    rows = iter(SetCredential.objects.filter(application=application))

    def subject_in(status):  # a credential of its own per status
        row = next(rows)
        SetCredential.objects.filter(pk=row.pk).update(status=status)
        return SetCredential.objects.get(pk=row.pk)

    actors = {
        "holder": lambda c: c.holder,
        "other candidate": lambda c: other,
        "staff": lambda c: staff,
        "reviewer": lambda c: reviewer,
        "superuser without a role": lambda c: superuser,
        "system": lambda c: SYSTEM,
        "link holder": lambda c: LinkHolder("set_credential", c.pk),
    }
    outcome = assert_workflow_table(
        SetCredential, table=TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
