"""`make run ADDR=host:port` writes links for the address it serves (RULINGS: "links in pages
and e-mails use the address that is served"), while the issuer DID stays the one recorded
when the first key was made."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from certify.certificates.credentials import keys
from certify.certificates.models import IssuerKey
from certify.certificates.services import did_document, issuer_did, issuer_key_rotate
from certify.certificates.services.keys import issuer_key_active, issuer_signing_key
from certify.notifications.models import OutgoingEmail
from certify.notifications.services import notify
from certify.settings.served import site_url_for
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
@pytest.mark.parametrize(
    ("addr", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("8123", "http://127.0.0.1:8123"),
        ("localhost:9000", "http://localhost:9000"),
        ("0.0.0.0:8123", "http://127.0.0.1:8123"),
        ("[::]:8123", "http://[::1]:8123"),
        ("[::1]:8123", "http://[::1]:8123"),
    ],
)
def test_the_served_address_as_a_url(addr, url):
    assert site_url_for(addr) == url


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_hands_its_address_to_every_process_it_starts():
    """The processes `run` starts (and the demo data it loads first) see ADDR."""
    probe = 'served-probe: ; +@echo "served=$$CERTIFY_SERVED_ADDR"'
    result = subprocess.run(
        [
            "make",
            "-n",
            "--eval",
            "run: served-probe",
            "--eval",
            probe,
            "run",
            "ADDR=127.0.0.1:8123",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "served=127.0.0.1:8123" in result.stdout


def _local_settings(*, start: bool = False, **env: str) -> list[str]:
    """The local settings' SITE_URL and ALLOWED_HOSTS in a fresh process with `env`; with
    `start`, after Django has started with them (1.3 s more: every app loaded)."""
    code = (
        ("import django; django.setup(); " if start else "")
        + "from django.conf import settings; "
        + "print(settings.SITE_URL); print(','.join(settings.ALLOWED_HOSTS))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "DATABASE_URL")}
    environ |= {"DJANGO_SETTINGS_MODULE": "certify.settings.local", **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_the_local_settings_take_the_served_address_as_the_site_url():
    # Django starts with make run's address; the other two only read what the settings make of
    # theirs (no app changes SITE_URL or ALLOWED_HOSTS, so starting Django would tell no more).
    site_url, hosts = _local_settings(start=True, CERTIFY_SERVED_ADDR="localhost:8123")
    assert site_url == "http://localhost:8123"
    assert "localhost" in hosts.split(",")
    assert _local_settings()[0] == "http://127.0.0.1:8000"  # without make run's address
    # A SITE_URL given on purpose (a proxy in front) wins over the served address.
    assert _local_settings(CERTIFY_SERVED_ADDR="8123", SITE_URL="https://c.example.org")[0] == (
        "https://c.example.org"
    )


def test_links_follow_the_served_address_and_the_did_does_not(settings, lsscp):
    settings.CREDENTIAL_ISSUER_DID = ""
    settings.SITE_URL = "http://127.0.0.1:8000"
    issuer_key_active()  # the first key: its DID is recorded with it
    first = issuer_did()
    assert first == "did:web:127.0.0.1%3A8000"

    settings.SITE_URL = "http://127.0.0.1:8123"  # make run ADDR=127.0.0.1:8123
    user = UserFactory(full_name="Dana Okafor")
    notify(recipient=user, event="account.test", link="/plan/")
    email = OutgoingEmail.objects.get(to=user.email)
    assert "http://127.0.0.1:8123/plan/" in email.text_body
    assert 'href="http://127.0.0.1:8123/plan/"' in email.html_body
    assert "127.0.0.1:8000" not in email.text_body + email.html_body

    assert issuer_did() == first
    assert did_document()["id"] == first
    assert issuer_signing_key()[1].startswith(first + "#")
    rotated = issuer_key_rotate(actor=None, reason="yearly")
    assert rotated.did == first  # a later key keeps it too
    assert issuer_did() == first


def test_before_any_key_the_did_is_that_of_the_site_url(settings, db):
    settings.CREDENTIAL_ISSUER_DID = ""
    settings.SITE_URL = "https://certify.example.org"
    assert not IssuerKey.objects.exists()
    assert issuer_did() == keys.did_web_for("https://certify.example.org")


def test_a_configured_did_wins(settings, db):
    settings.CREDENTIAL_ISSUER_DID = "did:web:issuer.example.org"
    issuer_key_active()
    settings.SITE_URL = "http://127.0.0.1:8123"
    assert issuer_did() == "did:web:issuer.example.org"
