"""The completion-import workflow's table, tried exhaustively through the one transition call."""

import pytest

from certify.core.workflow import SYSTEM, LinkHolder
from certify.courses.models import CompletionImport
from tests.courses.workflow_people import People, api_key
from tests.factories import CourseFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = CompletionImport.Status
PROVIDER = "the provider's staff"
CERTIFY = "Certify itself (the background check and import)"
PEOPLE_AT_PROVIDER = ["uploader", "colleague"]

TABLE = {
    "finish_check": Move.of(S.CHECKING, S.CHECKED, by=CERTIFY, allowed=["system"]),
    "start_import": Move.of(S.CHECKED, S.IMPORTING, by=PROVIDER, allowed=PEOPLE_AT_PROVIDER),
    "cancel": Move.of(S.CHECKED, S.CANCELLED, by=PROVIDER, allowed=PEOPLE_AT_PROVIDER),
    "finish_import": Move.of(S.IMPORTING, S.DONE, by=CERTIFY, allowed=["system"]),
    "fail": Move.of([S.CHECKING, S.IMPORTING], S.FAILED, by=CERTIFY, allowed=["system"]),
}


@pytest.mark.django_db
def test_every_move_by_every_actor_from_every_status():
    people = People()
    provider = people.provider()
    course = CourseFactory(provider=provider)

    def subject_in(status):
        imp = CompletionImport.objects.create(
            provider=provider,
            course=course,
            uploaded_by=people.provider_staff,
            file="completion-imports/completions.csv",
        )
        return force_status(imp, status)

    actors = {
        "uploader": lambda i: people.provider_staff,
        "colleague": lambda i: people.staff_at_provider,
        "another provider's staff": lambda i: people.elsewhere,
        "the provider's API key": lambda i: api_key(provider),
        "staff": lambda i: people.staff,
        "candidate": lambda i: people.candidate,
        "superuser without a role": lambda i: people.superuser,
        "system": lambda i: SYSTEM,
        "link holder": lambda i: LinkHolder("import", i.pk),
    }
    outcome = assert_workflow_table(
        CompletionImport, table=TABLE, subject_in=subject_in, actors=actors
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)
