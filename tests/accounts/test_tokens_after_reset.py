"""Every new password stops the person's API tokens, the provider API keys they made and the
webhook endpoints they set up, however it was set: a reset by e-mail link, the signed-in change
and set pages, a superuser in the program settings, `manage.py changepassword`, a script. Other
sessions end, the page that changed it stays signed in, the audit trail says who and how, and
the person is e-mailed once (ADR 0023)."""

import io

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.management import call_command
from django.urls import reverse

from certify.accounts.models import PersonalAccessToken, Role, User
from certify.accounts.tokens import token_create
from certify.core.models import AuditEvent
from certify.courses import services as courses
from certify.courses.models import ProviderApiKey
from certify.notifications.models import OutgoingEmail
from tests.factories import PASSWORD, ProviderFactory, UserFactory

NEW = "a-new-Passphrase-9417"


@pytest.fixture
def person(db, settings):
    """A provider's person with a personal token, a provider API key and a webhook endpoint."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    user = UserFactory(roles=[Role.PROVIDER, Role.CANDIDATE])
    provider = ProviderFactory(staff=[user])
    token_create(user=user, name="Scripts", scopes=["applications"])
    courses.api_key_create(provider=provider, actor=user, name="LMS")
    _endpoint(user, provider)
    return user


def _endpoint(maker, provider):
    from certify.webhooks.services import endpoint_create

    return endpoint_create(
        actor=maker,
        owner=f"provider:{provider.pk}",
        url="http://127.0.0.1:9/hook",
        event_types=["completion.recorded"],
    ).endpoint


def _live(user):
    from certify.webhooks.models import Endpoint

    tokens = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).count()
    keys = ProviderApiKey.objects.filter(created_by=user, revoked_at__isnull=True).count()
    endpoints = Endpoint.objects.filter(created_by=user, disabled_at__isnull=True).count()
    return tokens, keys, endpoints


def _reset(client, person):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )
    form = client.get(url, follow=True)
    return client.post(form.redirect_chain[-1][0], {"password1": NEW, "password2": NEW})


def _told(person, how):
    """The one e-mail of the change, and the audit row saying who changed it and how."""
    sent = OutgoingEmail.objects.filter(to=person.email, subject__contains="password was changed")
    assert sent.count() == 1
    body = sent.get().text_body
    assert how in body
    assert "Your API token was revoked." in body
    assert "The provider API key you made was revoked." in body
    assert "The webhook endpoint you set up was turned off" in body
    assert "/account/tokens/" in body
    assert "/accounts/password/reset/" in body
    return AuditEvent.objects.get(verb="account.password_changed", target_id=str(person.pk))


def test_a_reset_by_e_mail_link_stops_the_tokens_keys_and_endpoints(client, person):
    other = UserFactory(roles=[Role.PROVIDER, Role.CANDIDATE])
    token_create(user=other, name="Theirs", scopes=["applications"])
    provider = person.provider_memberships.get().provider
    provider.memberships.create(user=other)
    _endpoint(other, provider)
    assert _reset(client, person).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert _live(person) == (0, 0, 0)
    assert _live(other) == (1, 0, 1)  # nobody else's
    reasons = set(AuditEvent.objects.filter(actor=person).values_list("verb", "reason"))
    assert ("token.revoked", "The password was reset.") in reasons
    assert (
        "provider.api_key_revoked",
        "The password of the person who made it was reset.",
    ) in reasons
    assert (
        "webhook.endpoint_disabled",
        "The password of the person who set it up was reset.",
    ) in reasons
    row = _told(person, "with a password reset link e-mailed to you")
    assert (row.actor, row.data["how"], row.data["tokens_revoked"]) == (person, "reset", 1)


def test_changing_ones_own_password_while_signed_in_stops_them_and_other_sessions(client, person):
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(person)
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert _live(person) == (0, 0, 0)
    reasons = set(AuditEvent.objects.filter(actor=person).values_list("verb", "reason"))
    assert ("token.revoked", "The password was changed.") in reasons
    assert (
        "webhook.endpoint_disabled",
        "The password of the person who set it up was changed.",
    ) in reasons
    row = _told(person, "on your account's change password page")
    assert (row.actor, row.data["how"]) == (person, "change")
    # This page stays signed in; the other browser is signed out.
    assert client.get(reverse("accounts:tokens")).status_code == 200
    assert elsewhere.get(reverse("accounts:tokens")).status_code == 302


def test_setting_a_first_password_while_signed_in_stops_them(client, person):
    person.set_unusable_password()
    User.objects.filter(pk=person.pk).update(password=person.password)  # no password change
    client.force_login(person)
    response = client.post(reverse("account_set_password"), {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    assert _live(person) == (0, 0, 0)
    assert _told(person, "on your account's set password page").data["how"] == "set"


def test_a_superuser_setting_the_password_in_the_program_settings_stops_them(client, person):
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(person)
    boss = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(boss)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert _live(person) == (0, 0, 0)
    row = _told(person, "by a site administrator in the program settings")
    assert (row.actor, row.data["how"]) == (boss, "admin")
    assert AuditEvent.objects.filter(verb="admin.password_set").count() == 1
    assert signed_in.get(reverse("accounts:tokens")).status_code == 302  # their session ended


def test_manage_py_changepassword_stops_them(person, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", person.email, stdout=io.StringIO())
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert _live(person) == (0, 0, 0)
    row = _told(person, "by a site administrator")
    assert (row.actor, row.data["how"]) == (None, "elsewhere")


def test_a_password_saved_by_any_other_path_stops_them_too(person):
    """A future staff path or a shell: the person's row saved with a new password is enough."""
    person.set_password(NEW)
    person.save()
    assert _live(person) == (0, 0, 0)
    assert _told(person, "by a site administrator").actor is None


def test_other_saves_of_the_person_stop_nothing_and_tell_nobody(person):
    person.full_name = "Pat Renamed"
    person.save()
    UserFactory(email="new@example.org")  # a new account's first password
    assert _live(person) == (1, 1, 1)
    assert not AuditEvent.objects.filter(verb="account.password_changed").exists()
    assert not OutgoingEmail.objects.filter(subject__contains="password was changed").exists()


def test_a_change_with_nothing_to_stop_is_still_told_once(client, db):
    person = UserFactory(roles=[Role.CANDIDATE])
    assert _reset(client, person).status_code == 302
    sent = OutgoingEmail.objects.get(to=person.email, subject__contains="password was changed")
    assert "revoked" not in sent.text_body
    assert "If it was not you" in sent.text_body
