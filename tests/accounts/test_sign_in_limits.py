"""Failed sign-ins are counted per address, per account at an address, and per account with a
backstop no single address reaches (accounts/adapter.py, ADR 0028): one client's failures lock
out neither another client's sign-in to another account nor the same account from elsewhere."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certify.settings import base
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_fresh_counts"),
]
TOO_MANY = "Too many sign-in attempts failed, so signing in is paused"
ATTACKER, VICTIM = "198.51.100.66", "203.0.113.5"


@pytest.fixture
def _fresh_counts():
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS):
        yield
    cache.clear()


def sign_in(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_an_attackers_failures_do_not_lock_the_owner_out_from_their_own_address(client):
    owner = UserFactory()
    answers = [sign_in(client, owner.email, "wrong", ATTACKER) for _ in range(12)]
    assert TOO_MANY in answers[-1].text  # the attacker is stopped...
    assert TOO_MANY in sign_in(client, owner.email, PASSWORD, ATTACKER).text  # even if right
    signed_in = sign_in(client, owner.email, PASSWORD, VICTIM)  # ...the owner is not
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("accounts:home")


def test_one_clients_failures_do_not_stop_another_clients_sign_in_to_another_account(client):
    someone, other = UserFactory(), UserFactory()
    for _ in range(12):  # past the per-address limit (10 a minute) too
        sign_in(client, someone.email, "wrong", ATTACKER)
    assert TOO_MANY in sign_in(client, other.email, PASSWORD, ATTACKER).text
    assert sign_in(client, other.email, PASSWORD, VICTIM).status_code == 302


def test_failures_from_many_addresses_do_stop_the_account_for_a_while(client):
    owner = UserFactory()
    for n in range(20):  # four addresses, five failures each: the account's backstop
        sign_in(client, owner.email, "wrong", f"198.51.100.{n // 5}")
    assert TOO_MANY in sign_in(client, owner.email, "wrong", "198.51.100.200").text
    assert TOO_MANY in sign_in(client, owner.email, PASSWORD, VICTIM).text


def _paused_for(answer) -> str:
    """The wait the refusal names ("in about 5 minutes"), as the 429 page says it."""
    found = re.search(r"Try again (in about \d+ \w+), or reset your password\.", answer.text)
    assert found, answer.text
    assert "Try again later" not in answer.text  # allauth's
    return found.group(1)


def test_a_paused_sign_in_says_how_long_to_wait(client):
    """The clock stands still: on a busy machine the ten failures took over a second, and the
    address's pause said "in about 59 seconds", which was true."""
    with time_machine.travel(timezone.now(), tick=False):
        _a_paused_sign_in_says_how_long_to_wait(client)


def _a_paused_sign_in_says_how_long_to_wait(client):
    owner, other = UserFactory(), UserFactory()
    for _ in range(5):  # the account at this address: 5 failures in 5 minutes
        sign_in(client, owner.email, "wrong", VICTIM)
    assert _paused_for(sign_in(client, owner.email, PASSWORD, VICTIM)) == "in about 5 minutes"
    for n in range(10):  # this address: 10 failures a minute, whatever the account
        sign_in(client, f"guess{n}@example.org", "wrong", ATTACKER)
    assert _paused_for(sign_in(client, other.email, PASSWORD, ATTACKER)) == "in about 1 minute"


def test_the_accounts_own_pause_says_how_long_to_wait(client):
    owner = UserFactory()
    for n in range(20):  # four addresses, five failures each: the account's backstop
        sign_in(client, owner.email, "wrong", f"198.51.100.{n // 5}")
    answer = sign_in(client, owner.email, PASSWORD, VICTIM)
    assert _paused_for(answer) == "in about 5 minutes"


def test_a_right_password_does_not_count_as_a_failure(client):
    owner = UserFactory()
    for _ in range(8):
        assert sign_in(client, owner.email, PASSWORD, VICTIM).status_code == 302
        client.logout()


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_each_client_counts_apart(client):
    """The finding: behind nginx every client had the proxy's address, so one client's 40
    failures locked everyone out."""
    owner, other = UserFactory(), UserFactory()
    for n in range(40):
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.org", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1, {ATTACKER}",  # forged left part: ignored
        )
    for person in (owner, other):
        answer = client.post(
            reverse("account_login"),
            {"login": person.email, "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=VICTIM,
        )
        assert answer.status_code == 302
        client.logout()
