"""A password reset by e-mail link stops the person's API tokens, the provider API keys they
made and the webhook endpoints they set up (a reset often means someone else had the password);
changing one's own password while signed in does not (ADR 0023)."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from certify.accounts.models import PersonalAccessToken, Role
from certify.accounts.tokens import token_create
from certify.core.models import AuditEvent
from certify.courses import services as courses
from certify.courses.models import ProviderApiKey
from tests.factories import PASSWORD, ProviderFactory, UserFactory

NEW = "a-new-Passphrase-9417"


@pytest.fixture
def person(db):
    """A provider's person with a personal token and a provider API key."""
    user = UserFactory(roles=[Role.PROVIDER, Role.CANDIDATE])
    provider = ProviderFactory(staff=[user])
    token_create(user=user, name="Scripts", scopes=["applications"])
    courses.api_key_create(provider=provider, actor=user, name="LMS")
    return user


def _live(user):
    tokens = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).count()
    keys = ProviderApiKey.objects.filter(created_by=user, revoked_at__isnull=True).count()
    return tokens, keys


def test_a_reset_by_e_mail_link_stops_the_tokens_and_keys(client, person):
    other = UserFactory(roles=[Role.CANDIDATE])
    token_create(user=other, name="Theirs", scopes=["applications"])
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )
    form = client.get(url, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"password1": NEW, "password2": NEW})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert _live(person) == (0, 0)
    assert _live(other) == (1, 0)  # nobody else's
    reasons = set(AuditEvent.objects.filter(actor=person).values_list("verb", "reason"))
    assert ("token.revoked", "The password was reset.") in reasons
    assert (
        "provider.api_key_revoked",
        "The password of the person who made it was reset.",
    ) in reasons


def test_changing_ones_own_password_while_signed_in_keeps_them(client, person):
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert _live(person) == (1, 1)


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


def _endpoint(maker, provider):
    from certify.webhooks.services import endpoint_create

    return endpoint_create(
        actor=maker,
        owner=f"provider:{provider.pk}",
        url="http://127.0.0.1:9/hook",
        event_types=["completion.recorded"],
    ).endpoint


def test_a_reset_by_e_mail_link_disables_the_webhook_endpoints_the_person_set_up(
    client, person, settings
):
    """Whoever had the password could have pointed the provider's completions at an address of
    theirs, as they could have made a key: the endpoint stops with the keys, until someone who
    acts for the provider, having checked its address, turns it on again."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    provider = person.provider_memberships.get().provider
    colleague = UserFactory(roles=[Role.PROVIDER])
    provider.memberships.create(user=colleague)
    theirs, colleagues = _endpoint(person, provider), _endpoint(colleague, provider)
    assert _reset(client, person).status_code == 302
    theirs.refresh_from_db()
    colleagues.refresh_from_db()
    assert theirs.disabled_at is not None
    assert colleagues.disabled_at is None  # nobody else's
    stopped = AuditEvent.objects.get(verb="webhook.endpoint_disabled")
    assert (stopped.actor_id, stopped.target_id) == (person.pk, str(theirs.pk))
    assert stopped.reason == "The password of the person who set it up was reset."


def test_changing_ones_own_password_while_signed_in_keeps_the_endpoints(client, person, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    endpoint = _endpoint(person, person.provider_memberships.get().provider)
    client.force_login(person)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is None
