"""While the primary database does not answer (restarting, or being failed over by PostgreSQL's
tooling), pages and the API answer 503 with Retry-After: a clear "try again shortly", and
nothing of the request was committed. Other errors stay 500."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@pytest.fixture
def database_gone(monkeypatch):
    def refused(self, sql, params=None):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refused)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_is_503_with_retry_after(browser, database_gone):
    response = browser.get("/verify/LSSCP-2026-000001/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.text
    assert "check whether it arrived" in response.text  # it cannot know what was saved


@pytest.mark.django_db
def test_an_api_call_is_a_503_problem(browser, database_gone):
    response = browser.get("/api/v1/certificates/LSSCP-2026-000001")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["type"] == "/api/v1/problems/unavailable"
    assert "nothing you sent was saved" in body["detail"]


@pytest.mark.django_db
def test_other_errors_stay_500(browser, monkeypatch):
    from certify.certificates import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.selectors, "certificate_for_verification", broken)
    response = browser.get("/verify/LSSCP-2026-000001/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text


def test_a_kept_connection_is_checked_before_a_request_reuses_it(settings):
    """Without the check, after PostgreSQL restarts each app process answers its next request
    with a 503 on the dead kept connection (`make drills`, "PostgreSQL restarted under load",
    measured 2 such 503s after /health/ready/ said 200 again)."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
