"""Passkey sign-in (ADR 0074), as an attacker tries it: a deactivated account's passkey does not
sign in, and the sign-in is limited per client address with the site's 429 page, whose wait is
the passkey limit's own (a minute), not the password sign-in's."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.test_security_keys import SITE, add_key, confirm_it_is_you
from tests.softkey import SoftKey


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL, settings.SITE_NAME = SITE, "Library Certification"
    cache.clear()
    yield
    cache.clear()


def _passkey(client, user) -> SoftKey:
    key = SoftKey(passkey=True)
    client.force_login(user)
    confirm_it_is_you(client)
    add_key(client, key, passwordless="on")
    client.logout()
    return key


def _options(client):
    return client.get(reverse("mfa_login_webauthn"), HTTP_ACCEPT="application/json")


def test_a_deactivated_accounts_passkey_does_not_sign_in(client, candidate):
    key = _passkey(client, candidate)
    candidate.is_active = False
    candidate.save(update_fields=["is_active"])
    client.get(reverse("account_login"))
    options = _options(client).json()["request_options"]
    response = client.post(
        reverse("mfa_login_webauthn"), {"credential": key.get(options, origin=SITE)}
    )
    assert client.get(reverse("accounts:home")).status_code == 302  # not signed in
    assert response.status_code == 302
    assert response.url == reverse("account_inactive")


def _try(client, **extra):
    return client.post(reverse("mfa_login_webauthn"), {"credential": "{}"}, **extra)


def test_passkey_sign_in_is_limited_per_address_and_says_to_wait_a_minute(
    client, candidate, settings
):
    """allauth counts the answers sent (10 a minute per address), by the site's client address.
    The wait the 429 page gives is that limit's own, not the longest of the password sign-in's
    (five minutes), whose limits are on as in production."""
    from certify.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    client.get(reverse("account_login"))
    for _ in range(10):
        assert _try(client).status_code == 302  # back to the sign-in page, with the reason
    refused = _try(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many" in refused.text or "too many" in refused.text
    # Another address is not held back by this one.
    assert _try(client, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_adding_a_key_is_e_mailed_to_the_account(client, candidate):
    """A passkey signs in on its own and outlives a password reset: someone who once had the
    password and the session could add one and keep coming back unseen. The account's address
    is told of every key added, with its name and what to do if it was not them."""
    from certify.notifications.models import OutgoingEmail

    _passkey(client, candidate)
    sent = OutgoingEmail.objects.get(to=candidate.email)
    assert sent.subject == "[Library Certification] A security key was added to your account"
    assert "“Security key”, a passkey" in sent.text_body
    assert "sign in with it without your password" in sent.text_body
    assert "If it was not you" in sent.text_body
    assert f"{SITE}/accounts/2fa/webauthn/" in sent.text_body
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, SoftKey(), name="Blue USB key")
    second = OutgoingEmail.objects.filter(to=candidate.email).order_by("-pk").first()
    assert "“Blue USB key”" in second.text_body
    assert "passkey" not in second.text_body.split("If it was not you")[0]


def test_a_key_makes_recovery_codes_for_when_the_key_is_not_at_hand(client, candidate):
    """The first key makes ten codes, as the app does, and the page says what they are for
    without assuming a phone (a key alone is often a USB key)."""
    from allauth.mfa.models import Authenticator

    client.force_login(candidate)
    confirm_it_is_you(client)
    response = add_key(client, SoftKey(), name="Blue USB key")
    assert response.url == reverse("mfa_view_recovery_codes")
    codes = Authenticator.objects.get(user=candidate, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.wrap().get_unused_codes()) == 10
    page = client.get(response.url).text
    assert "when you do not have your phone or your security key" in page
    assert "away from your phone and your keys" in page
