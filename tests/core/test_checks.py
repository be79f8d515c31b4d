"""Production refuses to count rate limits per process: more than one gunicorn worker or app
server needs a shared cache (certify/core/checks.py, gunicorn.conf.py; ADR 0028)."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from certify.core.checks import shared_cache_check
from tests.deploy import deploy_check, production_env

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "certify.wsgi"]


def check(**changes: str) -> subprocess.CompletedProcess[str]:
    return deploy_check(**changes)


@pytest.mark.parametrize(
    ("workers", "servers", "shared", "refused"),
    [
        (1, 1, False, False),
        (4, 1, False, True),
        (1, 2, False, True),
        (4, 2, True, False),
    ],
)
def test_the_check_wants_a_shared_cache_for_more_than_one_process(
    workers, servers, shared, refused
):
    with override_settings(APP_WORKERS=workers, APP_SERVERS=servers, SHARED_CACHE=shared):
        errors = shared_cache_check()
    assert [e.id for e in errors] == (["certify.E001"] if refused else [])


def test_production_settings_read_the_worker_and_server_counts():
    refused = check(WEB_CONCURRENCY="5")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "certify.E001" in output
    assert "5 worker(s) on 1 app server(s) without a shared cache" in output
    assert "Set REDIS_URL=redis://host:6379/0" in output  # what to set
    assert "certify.E001" in check(APP_SERVERS="2").stderr
    assert check(WEB_CONCURRENCY="5", CACHE_BACKEND="database").returncode == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_refuses_to_start_several_workers_without_a_shared_cache():
    result = subprocess.run(
        [*GUNICORN, "--workers", "3", "--bind", f"127.0.0.1:{_free_port()}"],
        cwd=ROOT,  # where gunicorn finds gunicorn.conf.py
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "3 worker(s) on 1 app server(s) without a shared cache" in result.stderr
    assert "Booting worker" not in result.stderr  # refused before any worker started
