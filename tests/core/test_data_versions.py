"""The database gives a person's data a new version whenever a row of it changes, however it is
written (ADR 0071): on SQLite here and on PostgreSQL in the PostgreSQL run."""

import pytest
from django.db import connection, transaction

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.data_versions import SHARED, tracked_tables
from certify.core.models import DataVersion
from certify.programs.models import CompetencySet, Program
from certify.progress.models import PlannedSet
from tests.factories import UserFactory
from tests.progress.test_kept_plan import enrolled_with_plan

PERSON_TABLES = {"applications_application", "progress_plannedset", "payments_invoice"}
SHARED_TABLES = {"programs_program", "programs_frameworkversion", "programs_competencyset"}
# What a reviewer's queue shows (some of them for their columns the queue reads only).
REVIEWER_TABLES = {
    "portfolios_reviewassignment",
    "portfolios_competencyrating",
    "portfolios_submission",
    "portfolios_portfolio",
    "accounts_user",
}


def version(key: int) -> int | None:
    return DataVersion.objects.filter(key=key).values_list("version", flat=True).first()


@pytest.fixture
def enrolled(lsscp):
    return enrolled_with_plan(lsscp)


@pytest.mark.django_db
def test_the_tracked_tables_have_their_triggers():
    assert tracked_tables(connection) == PERSON_TABLES | SHARED_TABLES | REVIEWER_TABLES


def test_any_write_to_a_persons_rows_gives_them_a_new_version(enrolled):
    person = enrolled.candidate_id
    other = UserFactory(roles=[Role.CANDIDATE]).pk
    seen = {version(person)}
    assert None not in seen  # creating the application and its plan wrote one
    before_other, before_shared = version(other), version(SHARED)

    def changed() -> None:
        now = version(person)
        assert now not in seen
        seen.add(now)

    # The ORM's UPDATE, without a save() or a signal.
    Application.objects.filter(pk=enrolled.pk).update(education_note="Changed")
    changed()
    # A plan row reaches the person through its application.
    PlannedSet.objects.filter(application=enrolled).update(route=PlannedSet.Route.COURSE)
    changed()
    # Raw SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE progress_plannedset SET evidence = 'raw' WHERE application_id = %s",
            [enrolled.pk],
        )
    changed()
    PlannedSet.objects.filter(application=enrolled).first().delete()
    changed()
    # Nobody else's version moved, nor the shared one.
    assert (version(other), version(SHARED)) == (before_other, before_shared)


def test_a_row_moved_to_another_person_changes_both(enrolled):
    person, other = enrolled.candidate_id, UserFactory(roles=[Role.CANDIDATE]).pk
    before = (version(person), version(other))
    Application.objects.filter(pk=enrolled.pk).update(candidate_id=other)
    after = (version(person), version(other))
    assert after[0] != before[0]
    assert after[1] != before[1]
    assert None not in after


def test_an_invoice_is_its_persons_data(enrolled):
    from certify.payments.api import enrollment_invoice_get_or_create

    person = enrolled.candidate_id
    before = version(person)
    enrollment_invoice_get_or_create(
        user=enrolled.candidate, program=enrolled.program, actor=enrolled.candidate
    )
    assert version(person) != before


def test_shared_rows_change_the_shared_version_only(enrolled):
    person = enrolled.candidate_id
    before = (version(person), version(SHARED))
    CompetencySet.objects.filter(program=enrolled.program, code="CT").update(name="Renamed")
    middle = (version(person), version(SHARED))
    assert middle[0] == before[0]
    assert middle[1] != before[1]
    Program.objects.filter(pk=enrolled.program_id).update(name="Renamed program")
    assert version(SHARED) not in (before[1], middle[1])


def test_a_version_is_never_given_twice_even_after_a_rollback(enrolled):
    person = enrolled.candidate_id
    given = {version(person)}
    for _ in range(3):
        with transaction.atomic():
            Application.objects.filter(pk=enrolled.pk).update(education_note="Rolled back")
            given.add(version(person))
            transaction.set_rollback(True)
        Application.objects.filter(pk=enrolled.pk).update(education_note="Kept")
        assert version(person) not in given
        given.add(version(person))
