"""The signed-in person is loaded with their roles, unread count and authenticator in one query
(certify/accounts/backends.py), and every answer is the one the database gives."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certify.accounts.backends import user_for_request
from certify.accounts.models import Role
from certify.notifications.models import Notification
from tests.conftest import count_queries
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def unread(user, n, *, read=0):
    for i in range(n + read):
        Notification.objects.create(
            recipient=user,
            event="account.test",
            title=f"Note {i}",
            read_at=timezone.now() if i >= n else None,
        )


def test_one_query_answers_roles_unread_and_authenticator():
    person = UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER])
    unread(person, 3, read=2)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    someone_else = UserFactory(roles=[Role.CANDIDATE])
    unread(someone_else, 5)
    loaded = None

    def load():
        nonlocal loaded
        loaded = user_for_request(pk=person.pk)
        assert loaded is not None
        assert loaded.roles == {Role.PROGRAM_STAFF, Role.REVIEWER}
        assert loaded.has_role(Role.REVIEWER)

    assert count_queries(load) == 1
    assert loaded is not None
    assert (loaded.pk, loaded.email) == (person.pk, person.email)
    assert (loaded.request_unread, loaded.request_has_two_factor) == (3, True)


def test_a_person_with_no_role_no_notification_and_no_authenticator():
    person = UserFactory(roles=[])
    loaded = user_for_request(pk=person.pk)
    assert loaded is not None
    assert loaded.roles == frozenset()
    assert (loaded.request_unread, loaded.request_has_two_factor) == (0, False)


@pytest.mark.parametrize("pk", [987654321, "not-a-number", None])
def test_an_unknown_id_is_nobody(pk):
    assert user_for_request(pk=pk) is None


@override_settings(MFA_REQUIRED_ROLES=("program_staff",))  # as in production: loads the user
def test_a_signed_in_page_costs_the_session_and_one_query(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    unread(person, 2)
    client.force_login(person)
    html = client.get(reverse("accounts:home")).text
    assert '2<span class="visually-hidden"> unread</span>' in html  # the navigation badge
    assert "Your application" in html  # the candidate's navigation
    assert "Your plan" not in html  # not before an application is accepted
    # The session and the user (with roles, unread count, authenticator): nothing more.
    assert count_queries(lambda: client.get(reverse("core:health"))) == 2


def test_a_deactivated_account_is_signed_out(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(person)
    person.is_active = False
    person.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_sessions_name_the_loading_backends(client):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(person)
    session = client.session
    assert session[SESSION_KEY] == str(person.pk)
    assert session[BACKEND_SESSION_KEY] == "certify.accounts.backends.ModelBackend"


@override_settings(MFA_REQUIRED_ROLES=("program_staff",))
def test_the_two_factor_rule_reads_the_loaded_answer(client):
    person = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(person)
    assert client.get(reverse("accounts:home")).status_code == 302
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    assert count_queries(lambda: client.get(reverse("core:health"))) == 2  # no extra check
    assert client.get(reverse("accounts:home")).status_code == 200


def test_the_loaded_person_is_the_same_as_the_orms_and_saves_as_an_update():
    person = UserFactory(roles=[Role.CANDIDATE], full_name="Ana Lima")
    person.last_login = timezone.now()
    person.save()
    loaded = user_for_request(pk=person.pk)
    stored = type(person).objects.get(pk=person.pk)
    fields = [f.attname for f in type(person)._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(stored, f) for f in fields]
    assert isinstance(loaded.request_has_two_factor, bool)  # converted, as a queryset would
    assert loaded._state.adding is False
    assert loaded._state.db == "default"
    loaded.full_name = "Ana Lima Souza"
    loaded.save(update_fields=["full_name"])
    assert type(person).objects.get(pk=person.pk).full_name == "Ana Lima Souza"


def test_on_postgresql_the_statement_is_prepared_once_per_connection():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (tools/pgcluster.py)")
    person = UserFactory(roles=[Role.PROGRAM_STAFF])
    for _ in range(7):
        assert user_for_request(pk=person.pk) is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%request_roles%"],
        )
        assert cursor.fetchone()[0] == 1
