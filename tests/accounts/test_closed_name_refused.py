"""Nobody registers, or is named by staff, as "Closed account" or a close variant: staff would
read such a person as an account its owner closed (ADR 0016). The sign-up form, the admin's
forms and `user_create` refuse it in words; the placeholder a closure left stays where it is."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.names import (
    NAME_LOOKS_CLOSED,
    PERSON_NAME_LOOKS_CLOSED,
    name_looks_closed,
)
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.accounts.services import user_create
from certify.core.errors import DomainError
from tests.factories import PASSWORD, UserFactory

LOOK_ALIKE = "Cl\u043esed \u0430ccount"  # Cyrillic o and a


@pytest.mark.database_free
@pytest.mark.parametrize(
    "name",
    [
        CLOSED_NAME,
        "closed account",
        "ACCOUNT CLOSED",
        "Closed-Account.",
        "  Closed   account ",
        "Cl\u00f3sed Acc\u00f3unt",
        LOOK_ALIKE,
        "Cl0sed account",
        "closedaccount",
        "C l o s e d account",
        "Account closed (candidate LSSCP-C-7K3Q9M2X)",
        "The candidate (account closed)",
    ],
)
def test_the_placeholder_and_its_variants_read_as_closed(name):
    assert name_looks_closed(name)


@pytest.mark.database_free
@pytest.mark.parametrize(
    "name",
    ["Dana Okafor", "Accountant Closeby", "Rosa Closed", "Account Manager", "\u674e\u534e"],
)
def test_real_names_do_not(name):
    assert not name_looks_closed(name)


def _sign_up(client, name):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": name,
            "email": "someone@example.org",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
        },
    )


@pytest.mark.parametrize("name", [CLOSED_NAME, "account closed", LOOK_ALIKE])
def test_sign_up_refuses_the_name_in_words(db, client, name):
    response = _sign_up(client, name)
    assert response.status_code == 200
    assert NAME_LOOKS_CLOSED in response.text.replace("&#x27;", "'")
    assert not User.objects.filter(email="someone@example.org").exists()


def test_sign_up_takes_a_real_name(db, client):
    assert _sign_up(client, "Dana Okafor").status_code == 302
    assert User.objects.get(email="someone@example.org").full_name == "Dana Okafor"


def test_user_create_refuses_it(db):
    with pytest.raises(DomainError) as refused:
        user_create(email="x@example.org", full_name="Closed Account")
    assert (refused.value.message, refused.value.field) == (PERSON_NAME_LOOKS_CLOSED, "full_name")
    assert not User.objects.filter(email="x@example.org").exists()


def _change(client, person, **fields):
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "preferred_name": person.preferred_name,
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
        **({"is_active": "on"} if person.is_active else {}),
        **fields,
    }
    return client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)


@pytest.fixture
def superuser_client(db, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("field", ["full_name", "preferred_name"])
def test_renaming_someone_to_it_in_the_admin_is_refused(superuser_client, field):
    dana = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    page = _change(superuser_client, dana, **{field: "Account Closed"})
    assert page.status_code == 200
    assert PERSON_NAME_LOOKS_CLOSED in page.text.replace("&#x27;", "'")
    dana.refresh_from_db()
    assert (dana.full_name, dana.preferred_name) == ("Dana Okafor", "")


def test_a_real_rename_in_the_admin_is_kept(superuser_client):
    dana = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    assert _change(superuser_client, dana, full_name="Dana Okafor-Reyes").status_code == 302
    dana.refresh_from_db()
    assert dana.full_name == "Dana Okafor-Reyes"


def test_adding_someone_under_it_in_the_admin_is_refused(superuser_client):
    page = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "full_name": "closed account",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
        },
    )
    assert PERSON_NAME_LOOKS_CLOSED in page.text.replace("&#x27;", "'")
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_closed_accounts_own_placeholder_is_no_change_and_not_refused(
    superuser_client, django_capture_on_commit_callbacks
):
    dana = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=dana, password=PASSWORD)
    dana.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page = _change(superuser_client, dana, is_active="on")  # opened again, name untouched
    assert page.status_code == 302
    dana.refresh_from_db()
    assert (dana.is_active, dana.full_name) == (True, CLOSED_NAME)
