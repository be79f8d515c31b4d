"""The read-replica router: read-only selectors read from the replica when one is configured,
never inside a transaction, and every write goes to the primary.

The test settings define "replica" as a mirror of the test database, so queries sent there are
real queries on a second connection, and nothing routes to it unless READ_REPLICA_ALIAS is set.
"""

import pytest
from django.db import OperationalError, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.certificates.selectors import certificate_by_number
from certify.core import db_router
from certify.core.db_router import (
    ReadReplicaRouter,
    mark_replica_up,
    on_primary,
    read_only,
    read_only_selector,
)
from certify.courses.selectors import catalogue
from tests.factories import UserFactory

router = ReadReplicaRouter()
REPLICA = override_settings(READ_REPLICA_ALIAS="replica")
BOTH = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


@pytest.fixture(autouse=True)
def replica_not_marked_down():
    mark_replica_up()
    yield
    mark_replica_up()


def refuse_connections(monkeypatch):
    """The replica's server is gone: opening a connection fails as psycopg's would."""

    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refused)


def test_reads_go_to_the_primary_without_a_replica():
    with read_only():
        assert router.db_for_read(User) == "default"


@REPLICA
def test_reads_go_to_the_primary_unless_marked_read_only():
    assert router.db_for_read(User) == "default"


@REPLICA
def test_read_only_reads_go_to_the_replica(monkeypatch):
    # No database here: the replica's connection "opens" without a server.
    monkeypatch.setattr(connections["replica"], "ensure_connection", lambda: None)
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


@REPLICA
@BOTH
def test_a_replica_that_does_not_answer_is_skipped(lsscp, monkeypatch):
    refuse_connections(monkeypatch)
    with read_only():
        assert router.db_for_read(User) == "default"
    with CaptureQueriesContext(connections["default"]) as on_primary_db:
        courses = catalogue(program=lsscp)  # every program's: the programs' zones first
        assert courses.db == "default"
        list(courses)
    assert len(on_primary_db.captured_queries) == 1


@REPLICA
def test_a_replica_marked_down_is_not_asked_again_until_the_retry_period_ends(monkeypatch):
    attempts = []

    def refused():
        attempts.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refused)
    now = [1000.0]
    monkeypatch.setattr(db_router.time, "monotonic", lambda: now[0])
    with read_only():
        for _ in range(5):
            assert router.db_for_read(User) == "default"
    assert len(attempts) == 1  # one failed attempt per period, not one per query

    # The replica is back; reads return to it once the period is over.
    monkeypatch.setattr(connections["replica"], "ensure_connection", lambda: None)
    now[0] += db_router.REPLICA_RETRY_SECONDS - 0.1
    with read_only():
        assert router.db_for_read(User) == "default"
    now[0] += 0.2
    with read_only():
        assert router.db_for_read(User) == "replica"


@REPLICA
def test_a_kept_connection_is_health_checked_before_a_replica_read(monkeypatch):
    checked = []
    monkeypatch.setattr(
        connections["replica"], "close_if_health_check_failed", lambda: checked.append(1)
    )
    monkeypatch.setattr(connections["replica"], "ensure_connection", lambda: None)
    with read_only():
        assert router.db_for_read(User) == "replica"
    assert checked


@REPLICA
@BOTH
def test_on_primary_overrides_a_read_only_selector(lsscp):
    with on_primary():
        assert catalogue().db == "default"
        with read_only():
            assert router.db_for_read(User) == "default"
    assert catalogue().db == "replica"
