"""allauth's e-mailed links as we configure them, where `tests/accounts/test_account_links.py`
left a gap: a confirmation link used twice says so and changes nothing; a confirmation or reset
link with one character changed answers as one never made; and the two-factor rule where a link
signs someone in (`ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION`): confirming the address of a sign-in
in progress still asks for the second factor, and a password reset signs nobody in."""

import re
from datetime import timedelta

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.notifications.models import OutgoingEmail
from tests.conftest import writes_during
from tests.factories import PASSWORD, UserFactory
from tests.security.test_stale_links import _altered, _without_csrf

pytestmark = pytest.mark.django_db

NEW = "a-new-Passphrase-9417"
USED_OR_EXPIRED = "This confirmation link cannot be used: it was used already, or it has expired"


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:home")).wsgi_request.user.is_authenticated


def _with_totp(person):
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def test_a_confirmation_link_used_twice_says_so_and_changes_nothing(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    address = EmailAddress.objects.create(
        user=person, email="dana.new@example.org", verified=False, primary=False
    )
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    assert client.post(url).status_code == 302
    seen: list = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    assert writes_during(lambda: seen.append(client.post(url))) == []
    # The button pressed again (a second tab, the back button) reads the same words, not a
    # bare "page not found".
    for page in seen:
        assert USED_OR_EXPIRED in " ".join(page.text.split())
    assert seen[1].status_code == 404
    address.refresh_from_db()
    assert address.verified
    assert not _signed_in(client)


def test_an_altered_confirmation_link_answers_as_one_never_made(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    address = EmailAddress.objects.create(
        user=person, email="dana.new@example.org", verified=False, primary=False
    )
    key = EmailConfirmationHMAC(address).key
    never = client.get(reverse("account_confirm_email", args=["x" * len(key)]))
    url = reverse("account_confirm_email", args=[_altered(key)])
    seen: list = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    assert writes_during(lambda: seen.append(client.post(url))) == []
    assert seen[0].status_code == never.status_code
    assert _without_csrf(seen[0].text) == _without_csrf(never.text)
    address.refresh_from_db()
    assert not address.verified


def test_an_altered_reset_link_answers_as_one_never_made(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    uid, key = user_pk_to_url_str(person), default_token_generator.make_token(person)
    altered = key[:-3] + ("a" if key[-3] != "a" else "b") + key[-2:]
    never = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "ab-cd"}),
        follow=True,
    )
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": altered})
    page = client.get(url, follow=True)
    assert page.status_code == never.status_code == 200
    assert "This link cannot be used" in page.text
    assert _without_csrf(page.text) == _without_csrf(never.text)
    form_at = page.redirect_chain[-1][0] if page.redirect_chain else url
    client.post(form_at, {"password1": NEW, "password2": NEW})
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_confirming_the_address_of_a_sign_in_still_asks_for_the_second_factor(client):
    """The address of an account with an authenticator is not confirmed yet: signing in with
    the password sends the confirmation link, and following it (`LOGIN_ON_EMAIL_CONFIRMATION`)
    goes on to the two-factor step, never straight in."""
    person = UserFactory(roles=[Role.CANDIDATE], email="dana.mfa@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    _with_totp(person)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    sent = OutgoingEmail.objects.filter(to=person.email).latest("pk").text_body
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", sent).group(1)
    assert writes_during(lambda: client.get(path)) == []
    assert not _signed_in(client)
    confirmed = client.post(path)
    assert confirmed["Location"] == reverse("mfa_authenticate")
    assert EmailAddress.objects.get(user=person).verified
    assert not _signed_in(client)


def test_a_password_reset_of_an_account_with_two_factor_signs_nobody_in(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    _with_totp(person)
    key = default_token_generator.make_token(person)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": key},
    )
    form_at = client.get(url, follow=True).redirect_chain[-1][0]
    assert client.post(form_at, {"password1": NEW, "password2": NEW}).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert not _signed_in(client)


def test_an_expired_confirmation_link_says_so_and_confirms_nothing(client, time_machine):
    person = UserFactory(roles=[Role.CANDIDATE])
    address = EmailAddress.objects.create(
        user=person, email="dana.new@example.org", verified=False, primary=False
    )
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    days = account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    time_machine.move_to(timezone.now() + timedelta(days=days, hours=1), tick=False)
    for page in (client.get(url), client.post(url)):
        assert USED_OR_EXPIRED in " ".join(page.text.split())
    address.refresh_from_db()
    assert not address.verified


def test_an_expired_reset_link_says_so_and_changes_nothing(client, time_machine):
    person = UserFactory(roles=[Role.CANDIDATE])
    key = default_token_generator.make_token(person)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": key},
    )
    time_machine.move_to(timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
    page = client.get(url, follow=True)
    assert "This link cannot be used" in page.text
    form_at = page.redirect_chain[-1][0] if page.redirect_chain else url
    client.post(form_at, {"password1": NEW, "password2": NEW})
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
