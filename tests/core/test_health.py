import pytest


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
