"""Account security: 2FA required for staff and reviewers; production settings are deployable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from tests.deploy import deploy_check
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@override_settings(MFA_REQUIRED_ROLES=("program_staff", "reviewer"))
@pytest.mark.parametrize("second_factor", [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
@pytest.mark.parametrize("role", ["program_staff", "reviewer"])
def test_staff_and_reviewers_must_set_up_two_factor_first(db, client, role, second_factor):
    """An authenticator app or a security key, either counts (ADR 0074); the overview where both
    are offered is where they are sent, saying why."""
    person = UserFactory(roles=[role])
    client.force_login(person)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_index")
    page = client.get(response.url).text
    assert "Set up an authenticator app or add a security key" in page
    Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert client.get(reverse("accounts:home")).status_code == 302  # codes alone are no factor
    Authenticator.objects.create(user=person, type=second_factor, data={})
    assert client.get(reverse("accounts:home")).status_code == 200


@override_settings(MFA_REQUIRED_ROLES=("program_staff", "reviewer"))
def test_candidates_are_not_forced_to_use_two_factor(db, client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("accounts:home")).status_code == 200


def _deploy_check(**changes: str | None) -> subprocess.CompletedProcess[str]:
    return deploy_check("--fail-level", "WARNING", **changes)


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_production_settings_pass_the_deployment_check():
    result = _deploy_check(EMAIL_HOST="smtp.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_the_deployment_check_fails_without_an_smtp_host():
    """docs/deployment.md says so: without EMAIL_HOST mail would only reach the console."""
    result = _deploy_check(EMAIL_HOST=None)
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certify.settings.production",
        "DJANGO_SECRET_KEY": "",
        "ALLOWED_HOSTS": "x",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
