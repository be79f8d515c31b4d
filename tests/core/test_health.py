import pytest
from django.db import OperationalError, connections
from django.test import override_settings

from certify.core.db_router import mark_replica_up, replica_is_marked_down

REPLICA = override_settings(READ_REPLICA_ALIAS="replica")
BOTH = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


def test_liveness_answers_without_the_database(client):
    # No django_db mark: any query would fail the test.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_asks_every_database(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["databases"]["default"] == "ok"


@pytest.mark.django_db
def test_readiness_is_503_when_a_database_does_not_answer(client, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_health_checks_refuse_writes(client):
    assert client.post("/health/").status_code == 405


def gone(monkeypatch, alias):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections[alias], "cursor", refused)


@pytest.fixture
def replica_reset():
    mark_replica_up()
    yield
    mark_replica_up()


@REPLICA
@BOTH
def test_readiness_with_both_databases(client, replica_reset):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok", "replica": "ok"}}


@REPLICA
@BOTH
def test_a_missing_replica_is_degraded_not_down(client, monkeypatch, replica_reset):
    gone(monkeypatch, "replica")
    response = client.get("/health/ready/")
    assert response.status_code == 200  # the site still serves everything from the primary
    body = response.json()
    assert body["status"] == "degraded"
    assert body["databases"] == {"default": "ok", "replica": "degraded"}
    assert "replica" in body["detail"]
    assert replica_is_marked_down()  # reads skip it at once


@REPLICA
@BOTH
def test_a_missing_primary_is_503_even_with_the_replica(client, monkeypatch, replica_reset):
    gone(monkeypatch, "default")
    response = client.get("/health/ready/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["databases"] == {"default": "unavailable", "replica": "ok"}
    assert "primary" in body["detail"]


@REPLICA
@BOTH
def test_a_replica_that_answers_again_is_used_again(client, monkeypatch, replica_reset):
    gone(monkeypatch, "replica")
    client.get("/health/ready/")
    assert replica_is_marked_down()
    monkeypatch.undo()
    assert client.get("/health/ready/").json()["status"] == "ok"
    assert not replica_is_marked_down()
