"""The framework version workflow's table (ADR 0056), tried exhaustively through the one
transition call: program staff publish a draft; Certify retires the version it replaces."""

import pytest

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.programs.models import FrameworkVersion
from certify.programs.services import framework_version_copy
from tests.factories import ProgramFactory, UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = FrameworkVersion.Status
STAFF = "program staff"
RETIRES = "Certify itself, when a newer version of the framework is published"

TABLE = {
    "publish": Move.of(S.DRAFT, S.PUBLISHED, by=STAFF, allowed=["staff", "staff and reviewer"]),
    "retire": Move.of(S.PUBLISHED, S.RETIRED, by=RETIRES, allowed=["system"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    program = ProgramFactory()
    people = {
        "staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "staff and reviewer": UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER]),
        "candidate": UserFactory(roles=[Role.CANDIDATE]),
        "reviewer": UserFactory(roles=[Role.REVIEWER]),
        "provider": UserFactory(roles=[Role.PROVIDER]),
        "sponsor": UserFactory(roles=[Role.SPONSOR]),
        "superuser without a role": UserFactory(roles=[], is_superuser=True),
    }

    def subject_in(status):
        # A fresh program each time: it has at most one draft and one published version.
        nonlocal program
        program = ProgramFactory()
        version = framework_version_copy(program=program, source=None, actor=None)
        return force_status(version, status)

    actors = {
        **{kind: (lambda v, who=who: who) for kind, who in people.items()},
        "system": lambda v: SYSTEM,
        "link holder": lambda v: LinkHolder("framework_version", v.pk),
    }
    outcome = assert_workflow_table(
        FrameworkVersion, table=TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
