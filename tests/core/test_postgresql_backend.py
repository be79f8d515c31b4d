"""A kept PostgreSQL connection is checked without a round trip (certify/core/postgresql/):
an idle connection is believed, one the server has closed is found and replaced."""

import importlib
import time

import pytest
from django.db import connection, connections


def test_settings_use_the_backend_for_postgresql_only(monkeypatch):
    from certify.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://certify@db.internal:5432/certify")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://certify@replica.internal:5432/certify")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["ENGINE"] == "certify.core.postgresql"
        assert reloaded.DATABASES["replica"]["ENGINE"] == "certify.core.postgresql"
        assert reloaded.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
        assert "prepare_threshold" not in reloaded.DATABASES["default"].get("OPTIONS", {})
        monkeypatch.setenv("DB_PREPARED_STATEMENTS", "0")  # behind a pooler that cannot keep them
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["OPTIONS"]["prepare_threshold"] is None
        assert reloaded.DATABASES["replica"]["OPTIONS"]["prepare_threshold"] is None
        monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite3")
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.fixture
def kept():
    """A second connection to the test database, as an app process keeps one."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (tools/pgcluster.py)")
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.mark.django_db
def test_an_idle_connection_is_believed_without_a_query(kept, monkeypatch):
    def no_query(*args, **kwargs):
        raise AssertionError("the check sent a query")

    monkeypatch.setattr(kept.connection, "cursor", no_query)
    assert kept.is_usable() is True


def test_statements_are_prepared_unless_the_settings_say_not():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (tools/pgcluster.py)")
    wrapper = connections.create_connection("default")
    assert wrapper.get_connection_params()["prepare_threshold"] == 5
    wrapper.settings_dict = {
        **wrapper.settings_dict,
        "OPTIONS": {**wrapper.settings_dict["OPTIONS"], "prepare_threshold": None},
    }
    assert wrapper.get_connection_params()["prepare_threshold"] is None


@pytest.mark.django_db
def test_a_connection_the_server_ended_is_found_and_replaced(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye arrives on the socket
    assert kept.is_usable() is False
    # what Django does before a request's first query with CONN_HEALTH_CHECKS
    kept.health_check_enabled, kept.health_check_done = True, False
    kept.close_if_health_check_failed()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
