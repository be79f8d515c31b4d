"""The read-replica router: read-only selectors read from the replica when one is configured,
never inside a transaction, and every write goes to the primary.

The test settings define "replica" as a mirror of the test database, so queries sent there are
real queries on a second connection, and nothing routes to it unless READ_REPLICA_ALIAS is set.
"""

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.certificates.selectors import certificate_by_number
from certify.core.db_router import ReadReplicaRouter, read_only, read_only_selector
from certify.courses.selectors import catalogue
from tests.factories import UserFactory

router = ReadReplicaRouter()
REPLICA = override_settings(READ_REPLICA_ALIAS="replica")
BOTH = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


def test_reads_go_to_the_primary_without_a_replica():
    with read_only():
        assert router.db_for_read(User) == "default"


@REPLICA
def test_reads_go_to_the_primary_unless_marked_read_only():
    assert router.db_for_read(User) == "default"


@REPLICA
def test_read_only_reads_go_to_the_replica():
    with read_only():
        assert router.db_for_read(User) == "replica"
    assert router.db_for_read(User) == "default"


@REPLICA
@BOTH
def test_never_inside_a_transaction_that_may_have_written():
    with read_only(), transaction.atomic():
        User.objects.create_user(email="new@example.org", full_name="New")
        assert router.db_for_read(User) == "default"
        assert User.objects.filter(email="new@example.org").exists()


@REPLICA
def test_writes_always_go_to_the_primary():
    user = User(email="x@example.org")
    user._state.db = "replica"
    with read_only():
        assert router.db_for_write(User, instance=user) == "default"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "accounts") is True
    assert router.allow_migrate("replica", "accounts") is False


@REPLICA
@BOTH
def test_a_read_only_selector_queries_the_replica_connection(lsscp):
    holder = UserFactory()
    application = Application.objects.create(candidate=holder, program=lsscp, status="accepted")
    Certificate.objects.create(
        application=application,
        holder=holder,
        program=lsscp,
        number="LSSCP-2026-000001",
        status=Certificate.Status.VALID,
    )
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        found = certificate_by_number(number="lsscp-2026-000001")
    assert found is not None
    assert found.number == "LSSCP-2026-000001"
    assert len(on_replica.captured_queries) == 1
    assert len(on_primary.captured_queries) == 0
    assert found._state.db == "replica"


@REPLICA
@BOTH
def test_a_returned_queryset_stays_on_the_replica_when_evaluated_later(lsscp):
    courses = catalogue()
    assert courses.db == "replica"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        list(courses)
    assert len(on_replica.captured_queries) == 1


@REPLICA
@BOTH
def test_a_read_only_selector_called_in_a_transaction_reads_the_primary(lsscp):
    with transaction.atomic():
        assert catalogue().db == "default"


def test_the_decorator_keeps_the_selector_name():
    @read_only_selector
    def thing_list() -> list[int]:
        return [1]

    assert thing_list.__name__ == "thing_list"
    assert thing_list() == [1]
