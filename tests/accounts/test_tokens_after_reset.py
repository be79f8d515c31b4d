"""A password reset by e-mail link stops the person's API tokens and the provider API keys they
made (a reset often means someone else had the password); changing one's own password while
signed in does not (ADR 0023)."""

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
