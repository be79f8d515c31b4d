"""Security keys and passkeys (allauth's WebAuthn, ADR 0074): offered beside the authenticator
app, made for the site (its `SITE_URL` host and `SITE_NAME`, never the host a request named),
counted as two-factor authentication wherever the app is (pages, role grants, API tokens), and
shown in the site's words with no inline script. A key in software (`tests/softkey.py`) answers
the pages' own options, as a browser with a key would."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from certify.accounts.backends import user_for_request
from certify.accounts.mfa import has_two_factor, two_factor_known
from certify.accounts.models import Role
from certify.accounts.services import role_grant
from certify.accounts.tokens import TokenRefused, token_authenticate, token_create
from certify.core.errors import DomainError
from tests.factories import PASSWORD, UserFactory
from tests.softkey import SoftKey, js_data

SITE = "https://certify.example.org"
SETTINGS = Path(__file__).resolve().parents[2] / "certify" / "settings"


@pytest.fixture(autouse=True)
def site(settings):
    """The site at an address of its own, under a name of its own."""
    settings.SITE_URL, settings.SITE_NAME = SITE, "Library Certification"


def confirm_it_is_you(client) -> None:
    """allauth asks for the password again before a change to how one signs in."""
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def add_key(client, key: SoftKey, *, name: str = "", origin: str = SITE, **extra: str):
    options = js_data(client.get(reverse("mfa_add_webauthn")).text)["creation_options"]
    credential = key.create(options, origin=origin)
    data = {"name": name, "credential": credential, **extra}
    return client.post(reverse("mfa_add_webauthn"), data)


def signed_in_with_password(client, user) -> str:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.url


@pytest.mark.database_free
def test_keys_and_passkeys_are_offered_beside_the_app():
    from certify.settings import base

    assert base.MFA_SUPPORTED_TYPES == ["totp", "webauthn", "recovery_codes"]
    assert base.MFA_PASSKEY_LOGIN_ENABLED
    assert base.MFA_TOTP_ISSUER == base.SITE_NAME  # the site's name in the app, not a fixed one
    # Turning it on would stop checking where a key's answer was made: no environment does.
    for module in SETTINGS.glob("*.py"):
        assert not re.search(r"^MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN\s*=", module.read_text(), re.M)


def test_a_key_is_made_for_the_site_not_for_the_host_a_request_named(client, candidate):
    client.force_login(candidate)
    confirm_it_is_you(client)
    options = js_data(client.get(reverse("mfa_add_webauthn"), HTTP_HOST="localhost").text)
    rp = options["creation_options"]["publicKey"]["rp"]
    assert rp == {"id": "certify.example.org", "name": "Library Certification"}


def test_a_candidate_adds_a_key_and_has_two_factor_authentication(client, candidate):
    client.force_login(candidate)
    confirm_it_is_you(client)
    page = client.get(reverse("mfa_add_webauthn")).text
    assert "Add a security key" in page
    assert 'value="Security key"' in page
    response = add_key(client, SoftKey(), name="Blue USB key")
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")  # the first key makes codes
    types = set(Authenticator.objects.filter(user=candidate).values_list("type", flat=True))
    assert types == {Authenticator.Type.WEBAUTHN, Authenticator.Type.RECOVERY_CODES}
    assert has_two_factor(candidate)
    listed = client.get(reverse("mfa_list_webauthn")).text
    assert "Blue USB key" in listed
    assert "Security key</span>" in listed
    overview = client.get(reverse("mfa_index")).text
    assert "you have 1 security key." in overview


def test_a_form_sent_without_the_keys_answer_says_so_in_the_sites_words(client, candidate):
    """Enter in the name field, or no JavaScript: nothing to add, and no "Hidden field"."""
    client.force_login(candidate)
    confirm_it_is_you(client)
    client.get(reverse("mfa_add_webauthn"))
    response = client.post(reverse("mfa_add_webauthn"), {"name": "Blue USB key"})
    assert "The key was not added" in response.text
    assert "Hidden field" not in response.text
    assert not Authenticator.objects.filter(user=candidate).exists()
    client.logout()
    response = client.post(reverse("mfa_login_webauthn"), {}, follow=True)
    assert "That passkey was not recognized" in response.text


def test_a_key_answering_a_look_alike_site_is_refused_in_the_sites_words(client, candidate):
    client.force_login(candidate)
    confirm_it_is_you(client)
    response = add_key(client, SoftKey(), origin="https://certify.example.org.phish.test")
    assert response.status_code == 200
    assert "The key was not added" in response.text
    assert not Authenticator.objects.filter(user=candidate).exists()


def test_a_key_is_the_second_step_of_signing_in(client, candidate):
    key = SoftKey()
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, key)
    client.logout()
    assert signed_in_with_password(client, candidate) == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).text
    assert "Use your security key" in page
    assert 'for="id_code">Recovery code' in page  # no app: the field takes a recovery code
    options = js_data(page)["request_options"]
    response = client.post(
        reverse("mfa_authenticate"), {"credential": key.get(options, origin=SITE)}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_stranger_key_is_not_recognized_at_the_second_step(client, candidate):
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, SoftKey())
    client.logout()
    signed_in_with_password(client, candidate)
    options = js_data(client.get(reverse("mfa_authenticate")).text)["request_options"]
    stranger = SoftKey()  # a key this account never added
    response = client.post(
        reverse("mfa_authenticate"), {"credential": stranger.get(options, origin=SITE)}
    )
    assert "That key was not recognized" in response.text
    assert client.get(reverse("accounts:home")).status_code == 302  # not signed in


def test_a_passkey_signs_in_without_the_password(client, candidate):
    key = SoftKey(passkey=True)
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, key, passwordless="on")
    client.logout()
    login = client.get(reverse("account_login")).text
    assert 'id="passkey_login"' in login
    assert "Use a passkey" in login
    options = client.get(reverse("mfa_login_webauthn"), HTTP_ACCEPT="application/json").json()
    response = client.post(
        reverse("mfa_login_webauthn"),
        {"credential": key.get(options["request_options"], origin=SITE)},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_passkey_that_did_not_check_its_user_does_not_sign_in(client, candidate):
    """Alone, a passkey is two factors only with its PIN, fingerprint or face."""
    key = SoftKey(passkey=True)
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, key, passwordless="on")
    client.logout()
    client.get(reverse("account_login"))
    options = client.get(reverse("mfa_login_webauthn"), HTTP_ACCEPT="application/json").json()
    credential = key.get(options["request_options"], origin=SITE, verified=False)
    response = client.post(reverse("mfa_login_webauthn"), {"credential": credential}, follow=True)
    assert "That passkey was not recognized" in response.text
    assert client.get(reverse("accounts:home")).status_code == 302  # not signed in


def test_an_unknown_passkey_is_refused_with_the_way_back(client, candidate):
    client.get(reverse("account_login"))
    options = client.get(reverse("mfa_login_webauthn"), HTTP_ACCEPT="application/json").json()
    key = SoftKey(passkey=True)
    key.user_handle = "bm90LWEtdXNlcg"  # "not-a-user"
    response = client.post(
        reverse("mfa_login_webauthn"),
        {"credential": key.get(options["request_options"], origin=SITE)},
        follow=True,
    )
    assert "That passkey was not recognized" in response.text
    assert "sign in with your e-mail address and password" in response.text


def test_keys_are_renamed_and_removed_by_their_owner_only(client, candidate):
    other = UserFactory()
    client.force_login(other)
    confirm_it_is_you(client)
    add_key(client, SoftKey(), name="Other's key")
    theirs = Authenticator.objects.get(user=other, type=Authenticator.Type.WEBAUTHN)
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, SoftKey(), name="Phone")
    mine = Authenticator.objects.get(user=candidate, type=Authenticator.Type.WEBAUTHN)
    for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
        assert (
            client.post(reverse(name, kwargs={"pk": theirs.pk}), {"name": "x"}).status_code == 404
        )
    assert theirs.wrap().name == "Other's key"
    assert "Rename “Phone”" in client.get(reverse("mfa_edit_webauthn", kwargs={"pk": mine.pk})).text
    response = client.post(reverse("mfa_edit_webauthn", kwargs={"pk": mine.pk}), {"name": ""})
    assert "Give the key a name." in response.text
    client.post(reverse("mfa_edit_webauthn", kwargs={"pk": mine.pk}), {"name": "Work phone"})
    mine.refresh_from_db()
    assert mine.wrap().name == "Work phone"
    page = client.get(reverse("mfa_remove_webauthn", kwargs={"pk": mine.pk})).text
    assert "Remove “Work phone”" in page
    assert "recovery codes stop working" in page
    response = client.post(reverse("mfa_remove_webauthn", kwargs={"pk": mine.pk}), follow=True)
    assert "The security key is removed" in response.text
    assert not Authenticator.objects.filter(user=candidate).exists()  # its codes went with it


def test_confirming_it_is_you_offers_the_key_in_the_sites_words(client, candidate):
    key = SoftKey()
    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, key)
    client.logout()
    client.force_login(candidate)  # long ago: a change asks again
    page = client.get(reverse("mfa_add_webauthn"), follow=True).text
    assert "Confirm it is you" in page
    # allauth's "Use a security key" and "Use authenticator app or code", in the site's words
    assert "Use your security key" in page
    assert "Use a security key" not in page
    assert "Type a code from your app, or a recovery code" in page
    response = client.get(reverse("mfa_reauthenticate_webauthn"))
    options = js_data(response.text)["request_options"]
    response = client.post(
        reverse("mfa_reauthenticate_webauthn"), {"credential": key.get(options, origin=SITE)}
    )
    assert response.status_code == 302
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200


SCRIPT = re.compile(r"<script\b([^>]*)>")


@pytest.mark.parametrize("page", ["account_login", "mfa_add_webauthn"])
def test_the_key_pages_run_only_the_sites_script_files(client, candidate, page):
    """The CSP allows no inline script: allauth's scripts and the site's are files from the
    site, their settings data blocks; the page has the place where a refused key is said."""
    if page != "account_login":
        client.force_login(candidate)
        confirm_it_is_you(client)
    html = client.get(reverse(page)).text
    assert "/static/mfa/js/webauthn.js" in html
    assert "/static/certify/js/security-keys.js" in html
    assert 'id="security-key-error"' in html
    for attributes in SCRIPT.findall(html):
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes


# --- A key counts as two-factor authentication everywhere the app does ------------------------


def with_key(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    return user


def test_a_key_is_two_factor_for_the_request_user_and_for_lists_of_people(candidate):
    keyed, bare = with_key(UserFactory()), UserFactory()
    assert user_for_request(pk=keyed.pk).request_has_two_factor is True
    assert user_for_request(pk=bare.pk).request_has_two_factor is False
    two_factor_known([keyed, bare])
    assert (keyed.request_has_two_factor, bare.request_has_two_factor) == (True, False)
    codes_only = UserFactory()
    Authenticator.objects.create(user=codes_only, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert not has_two_factor(codes_only)


def test_staff_with_a_key_grant_the_staff_role(staff):
    newcomer = UserFactory()
    with pytest.raises(DomainError, match="Set up two-factor authentication"):
        role_grant(user=newcomer, role=Role.PROGRAM_STAFF, actor=staff)
    with_key(staff)
    role_grant(user=newcomer, role=Role.PROGRAM_STAFF, actor=staff)
    assert newcomer.has_role(Role.PROGRAM_STAFF)


@override_settings(MFA_REQUIRED_ROLES=("program_staff", "reviewer"))
def test_api_tokens_treat_a_key_as_the_app(db):
    """ADR 0023: a person whose role needs 2FA uses tokens once it is on; a token made with a
    password alone stops once it is on. A key turns it on as the app does."""
    reviewer = UserFactory(roles=[Role.REVIEWER])
    before = token_create(user=reviewer, name="Before", scopes=["reviews"])
    with pytest.raises(TokenRefused, match="Set up an authenticator app or add a security key"):
        token_authenticate(before.secret, scope="reviews")
    with_key(reviewer)
    with pytest.raises(TokenRefused, match="made before you turned on two-factor"):
        token_authenticate(before.secret, scope="reviews")
    after = token_create(user=reviewer, name="After", scopes=["reviews"])
    assert after.token.made_with_mfa
    assert token_authenticate(after.secret, scope="reviews").pk == reviewer.pk


# --- The person's data export ---------------------------------------------------------------


def test_the_data_export_names_each_key_and_says_each_way_in_words(client, candidate):
    """The export listed each key as "webauthn" and a date, without the name its owner gave it,
    and the app and the codes as "totp" and "recovery_codes"."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from certify.accounts.privacy import privacy_parts

    client.force_login(candidate)
    confirm_it_is_you(client)
    add_key(client, SoftKey(), name="Blue USB key")
    add_key(client, SoftKey(passkey=True), name="Work laptop", passwordless="on")
    Authenticator.objects.create(user=candidate, type=Authenticator.Type.TOTP, data={})
    RecoveryCodes.activate(candidate)
    profile = next(p for p in privacy_parts() if p.name == "profile").export(candidate)

    ways = {(way["type"], way.get("name")): way for way in profile["two_factor"]}
    assert set(ways) == {
        ("Security key", "Blue USB key"),
        ("Passkey", "Work laptop"),
        ("Authenticator app", None),
        ("Recovery codes", None),  # made with the first key
    }
    assert ways["Recovery codes", None]["unused_codes"] == 10
    assert all(way["created_at"] and "last_used_at" in way for way in ways.values())
    assert "credential" not in str(profile)  # no secret
    assert "seed" not in str(profile)
