"""Sign-in and reset rate limits, production cookies and CSP, security headers, date rules."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory, override_settings
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
    paused = "Too many sign-in attempts failed, so signing in is paused"
    assert paused not in responses[0].text  # a plain "wrong" first
    # then refused for a while (5 failures per 5 minutes per account), even with the password
    assert paused in responses[-1].text
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


def _kept_times_moved_back(app: str, action: str, seconds: int, *, key: str = "") -> None:
    """As if the requests allauth counted for `action` (from the test client's address, or
    under `key`) had been made `seconds` earlier."""
    from allauth.core.internal import ratelimit

    request = RequestFactory().post("/")  # the test client's address
    for rate in ratelimit.get_rates(app=app, action=action):
        if rate.per == "key" and not key:
            continue
        cache_key = ratelimit.get_cache_key(
            request, app=app, action=action, rate=rate, key=key or None
        )
        times = cache.get(cache_key)
        if times is not None:
            cache.set(cache_key, [t - seconds for t in times], 600)


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_a_refused_passkey_sign_in_is_told_the_wait_of_its_own_limit(client, db):
    """Passkey sign-in is allauth's `webauthn_login`, 10 a minute per address: its 429 page
    said "in about 5 minutes", the longest of the account limits (failed sign-ins per account),
    though the passkey limit lets the address in again within the minute."""
    cache.clear()
    url = reverse("mfa_login_webauthn")
    statuses = [client.post(url, {"credential": "{}"}).status_code for _ in range(10)]
    assert 429 not in statuses
    refused = client.post(url, {"credential": "{}"})
    assert refused.status_code == 429
    assert "try again in about 1 minute." in refused.text
    assert "5 minutes" not in refused.text
    assert 55 <= int(refused["Retry-After"]) <= 60
    # The wait is counted from the requests the limit kept: 45 seconds later, about 15 are left.
    _kept_times_moved_back("allauth.mfa", "webauthn_login", 45)
    later = client.post(url, {"credential": "{}"})
    assert later.status_code == 429
    assert 10 <= int(later["Retry-After"]) <= 15
    assert f"try again in about {later['Retry-After']} seconds." in later.text
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_a_refused_password_reset_is_told_the_wait_of_the_address_it_typed(client, candidate):
    """Five resets a minute per address typed: the wait is that limit's, read from the address
    in the form."""
    cache.clear()
    url = reverse("account_reset_password")
    for _ in range(5):
        assert client.post(url, {"email": candidate.email}).status_code == 302
    _kept_times_moved_back("allauth.account", "reset_password", 30, key=candidate.email.lower())
    refused = client.post(url, {"email": candidate.email.upper()})
    assert refused.status_code == 429
    assert 25 <= int(refused["Retry-After"]) <= 30
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


def test_a_signed_in_persons_pages_are_kept_by_no_cache(client, candidate):
    """On a shared library computer, Back after signing out must not show the last person's
    pages from the browser's cache: every signed-in answer says `private, no-store`, unless its
    view said something of its own; public pages keep saying nothing (they may be cached)."""
    public = client.get(reverse("programs:list"))
    assert public.status_code == 200
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(candidate)
    for name in ("accounts:home", "programs:list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, name
    client.logout()
    assert "no-store" not in client.get(reverse("programs:list")).get("Cache-Control", "")


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
