"""WCAG 3.3.8 Accessible Authentication (Minimum): signing in, the second factor, a new password
and a reset ask for nothing to remember or transcribe that a browser or password manager cannot
fill: every field names what it holds (`autocomplete`), none refuses a paste, and no page asks
for a puzzle (no CAPTCHA). The e-mail is the user name; a TOTP code is a one-time code."""

import re
import time

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.totp.internal.auth import hotp_value
from django.urls import reverse

from tests.factories import PASSWORD

FIELD = re.compile(r"<(?:input|textarea)\b[^>]*>")
AUTOCOMPLETE = re.compile(r'\bautocomplete="([^"]*)"')
NAME = re.compile(r'\bname="([^"]*)"')


def fields(html: str) -> dict[str, str]:
    """Each typed field's name and its autocomplete value ("" when it has none)."""
    found = {}
    for tag in FIELD.findall(html):
        if re.search(r'type="(hidden|checkbox|submit)"', tag) or re.search(r"\breadonly\b", tag):
            continue
        assert not re.search(r"\bdisabled\b", tag), f"a field that cannot be copied: {tag}"
        name = NAME.search(tag)
        autocomplete = AUTOCOMPLETE.search(tag)
        assert name, tag
        found[name.group(1)] = autocomplete.group(1) if autocomplete else ""
    return found


def assert_fillable(html: str, expected: dict[str, str]) -> None:
    assert fields(html) == expected
    for refusal in ("onpaste", "oncopy", "captcha"):
        assert refusal not in html.lower()


def test_sign_in_sign_up_and_reset_name_what_a_password_manager_fills(db, client):
    assert_fillable(
        client.get(reverse("account_login")).text,
        {"login": "email", "password": "current-password"},
    )
    assert_fillable(
        client.get(reverse("account_signup")).text,
        {
            "full_name": "name",
            "email": "email",
            "password1": "new-password",
            "password2": "new-password",
        },
    )
    assert_fillable(client.get(reverse("account_reset_password")).text, {"email": "email"})


def test_a_new_password_from_a_reset_link_is_a_new_password(client, candidate):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(candidate),
            "key": default_token_generator.make_token(candidate),
        },
    )
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert_fillable(response.text, {"password1": "new-password", "password2": "new-password"})


def test_changing_the_password_and_the_second_factor_take_pasted_codes(client, candidate):
    """The authenticator's secret is read-only, not disabled, so it can be copied."""
    client.force_login(candidate)
    assert_fillable(
        client.get(reverse("account_change_password")).text,
        {
            "oldpassword": "current-password",
            "password1": "new-password",
            "password2": "new-password",
        },
    )
    assert_fillable(
        client.get(reverse("account_reauthenticate")).text, {"password": "current-password"}
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert_fillable(response.text, {"code": "one-time-code"})
    code = hotp_value(response.context["form"].secret, int(time.time()) // 30)
    client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"})
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": candidate.email, "password": PASSWORD}, follow=True
    )
    assert response.request["PATH_INFO"] == reverse("mfa_authenticate")
    assert_fillable(response.text, {"code": "one-time-code"})
