"""Sign-in and reset rate limits, production cookies and CSP, security headers, date rules."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from certify.certificates.dates import expiry_date, valid_until
from certify.settings import base

ROOT = Path(__file__).resolve().parents[2]


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_failed_sign_ins_are_rate_limited(client, candidate):
    cache.clear()
    responses = [
        client.post(reverse("account_login"), {"login": candidate.email, "password": "wrong"})
        for _ in range(7)
    ]
    assert "Too many failed login attempts" not in responses[0].text  # a plain "wrong" first
    # then refused for a while (5 failures per 5 minutes per account), even with the password
    assert "Too many failed login attempts" in responses[-1].text
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_password_reset_requests_are_rate_limited(client, candidate):
    cache.clear()
    statuses = [
        client.post(reverse("account_reset_password"), {"email": candidate.email}).status_code
        for _ in range(6)
    ]
    assert statuses[0] == 302
    assert 429 in statuses
    cache.clear()


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_production_settings_secure_cookies_sessions_and_a_strict_csp():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        "s.SESSION_COOKIE_AGE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
        "str(s.SECURE_CSP)]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certify.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "certify.example.org",
        "SITE_URL": "https://certify.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    secure, csrf_secure, httponly, age, hsts, redirect, csp = json.loads(result.stdout)
    assert secure
    assert csrf_secure
    assert httponly
    assert redirect
    assert age <= 12 * 60 * 60
    assert hsts >= 31536000
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_every_response_carries_the_security_headers(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("accounts:home"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY


@given(
    issued=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    years=st.integers(min_value=1, max_value=10),
)
def test_a_certificate_is_valid_for_whole_years_to_the_same_day(issued, years):
    expires = expiry_date(issued_on=issued, validity_years=years)
    assert expires.year == issued.year + years
    if (issued.month, issued.day) == (2, 29):
        assert (expires.month, expires.day) in ((2, 29), (2, 28))
    else:
        assert (expires.month, expires.day) == (issued.month, issued.day)
    until = valid_until(expires)
    assert until.tzinfo is not None
    assert until.date() == expires
    assert (until + timedelta(seconds=1)).date() == expires + timedelta(days=1)
