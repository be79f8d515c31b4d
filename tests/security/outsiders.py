"""The attackers the permission matrix has no column for, shared by the outsider passes
(`test_outsider_pass*.py`): a candidate of another program, a reviewer who declared a conflict
with the candidate, a member of a suspended provider (not the world's), and a former staff
member whose browser was signed in while they were staff. `send` makes one attacker's request
in a savepoint that is rolled back and says which tables it changed (`walk.py`); `refusals`
lists what went wrong for every attacker of a line. What every pass module repeated is here
too: its world built once (`world_in_module`, each test reading its own copy, `world`) and its
table walked line by line with the settings a pass needs (`each_line`):

    from tests.security.outsiders import each_line, world_fixture, world_in_module  # noqa: F401

    @each_line(TRIES)
    def test_outsiders_are_refused_here(world, line): ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings

from certify.accounts.models import Role, RoleAssignment, User
from certify.core.models import AuditEvent
from tests.factories import ApplicationFactory, UserFactory
from tests.security.test_other_attackers import Try, _letter
from tests.security.walk import baseline, changed_tables, state_of
from tests.security.world import World, world_build
from tests.shared import copy_of, shared_in_module

ATTACKERS = ("other_program", "conflicted_reviewer", "suspended_provider", "former_staff")
# and a candidate who closed their account, their browser signed in before: `L` (sent to sign
# in, or 401 from the API) when the old session signs nobody in
FIVE = (*ATTACKERS, "closed_account")
PASSWORD = "a closed account's old password 7"


def _with_factor(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def signed_in(world: World, who: str) -> Client:
    """A browser signed in as the attacker (the former staff member signed in while still staff,
    their role ended since by another staff member)."""
    from certify.accounts.conflicts import conflict_declare
    from certify.accounts.services import role_revoke
    from certify.courses import services as courses
    from certify.portfolios.models import ReviewerProfile

    client = Client()
    if who == "other_program":  # accepted in the second program, nothing of LSSCP's
        person = UserFactory(full_name="Quinn Elsewhere", roles=[Role.CANDIDATE])
        ApplicationFactory(candidate=person, program=world.certificate.program, status="accepted")
    elif who == "conflicted_reviewer":  # has the set's expertise, declared the candidate
        person = _with_factor(UserFactory(full_name="Cora Conflicted", roles=[Role.REVIEWER]))
        profile = ReviewerProfile.objects.create(user=person, capacity=5)
        profile.expertise.set([world.competency_set])
        conflict_declare(
            actor=person, person_email=world.users["candidate"].email, reason="My cousin."
        )
    elif who == "suspended_provider":  # acts for another provider, suspended by staff
        person = UserFactory(full_name="Sid Suspended", roles=[Role.PROVIDER])
        other = courses.provider_register(
            actor=person,
            name="Eastside Institute",
            kind="college",
            contact_email="courses@eastside.example.edu",
            website="",
            description="",
        )
        other = courses.provider_approve(provider=other, actor=world.users["staff"])
        courses.provider_approval_suspend(
            provider=other, actor=world.users["staff"], reason="Under review."
        )
    else:  # former staff: signed in while staff, the role ended since
        person = _with_factor(UserFactory(full_name="Fran Former", roles=[Role.PROGRAM_STAFF]))
        client.force_login(person)
        role_revoke(
            user=person, role=Role.PROGRAM_STAFF, actor=world.users["staff"], reason="Left."
        )
        assert not RoleAssignment.objects.filter(user=person).exists()
        return client
    client.force_login(User.objects.get(pk=person.pk))
    return client


def send(
    world: World,
    line: Try,
    who: str,
    *,
    client_of: Callable[[World, str], Client] = signed_in,
    letter: Callable[..., str] = _letter,
) -> tuple[str, list[str], bool]:
    """The attacker's answer (`letter`), the tables the request changed (all rolled back) and
    whether a card checkout was started. `client_of`: the attacker's browser."""
    with transaction.atomic():
        if line.setup:
            line.setup(world)
        client = client_of(world, who)
        before = baseline()
        url = line.url(world)
        with mock.patch("stripe.checkout.Session.create") as stripe_asked:
            response: HttpResponse
            if line.method == "GET":
                response = client.get(url)
            elif line.api:
                method = client.put if line.method == "PUT" else client.post
                response = method(url, data=line.body, content_type="application/json")
            else:
                response = client.post(url, data=line.body or {})
        changed = changed_tables(before.state, state_of(before.tables))
        transaction.set_rollback(True)
    return letter(response, api=line.api), changed, stripe_asked.called


def refusals(
    world: World,
    line: Try,
    attackers: Sequence[str],
    send_as: Callable[[World, Try, str], tuple[str, list[str], bool]] = send,
) -> list[str]:
    """What went wrong for each attacker of the line (`line.expect` gives each one's answer): an
    unexpected answer, a table changed by a refused request, a card checkout started. Nothing is
    audited either: every request is rolled back, whatever happened."""
    problems = []
    for who, want in zip(attackers, line.expect, strict=True):
        audited = AuditEvent.objects.count()
        got, changed, checkout = send_as(world, line, who)
        if got != want:
            problems.append(f"{who}: expected {want}, got {got}")
        if changed:
            problems.append(f"{who}: the refused request changed {', '.join(changed)}")
        if checkout:
            problems.append(f"{who}: a card checkout was started")
        assert AuditEvent.objects.count() == audited
    return problems


def closed_account(world: World) -> Client:
    """A candidate of the program who signed in, then closed their account (in another tab):
    the browser keeps its old session cookie."""
    from certify.accounts.privacy import account_close

    person = UserFactory(full_name="Clem Closed", roles=[Role.CANDIDATE])
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    ApplicationFactory(candidate=person, program=world.program, status="accepted")
    client = Client()
    client.force_login(person)
    account_close(user=User.objects.get(pk=person.pk), password=PASSWORD)
    return client


def closed_letter(response, *, api: bool) -> str:
    if response.status_code == 302 and "/accounts/login" in response.headers.get("Location", ""):
        return "L"
    if api and response.status_code == 401:
        return "L"
    return _letter(response, api=api)


def send_among_five(world: World, line: Try, who: str) -> tuple[str, list[str], bool]:
    """As `send`, with the closed account's browser among the attackers (`FIVE`)."""

    def client_of(world: World, who: str) -> Client:
        return closed_account(world) if who == "closed_account" else signed_in(world, who)

    return send(world, line, who, client_of=client_of, letter=closed_letter)


# Each pass module imports these two: pytest then builds the world once per module, and gives
# each test its copy as `world`.
world_in_module = shared_in_module(world_build)  # about 20 s on SQLite: built once, not per line


@pytest.fixture(name="world")
def world_fixture(db, world_in_module):
    """This test's own copy of the module's world (every request in it is rolled back)."""
    return copy_of(world_in_module)


# Staff and reviewers need a second factor (the former staff member and the conflicted reviewer
# have one, so what refuses them is their standing); card checkouts are mocked, never sent.
PASS_SETTINGS = {
    "MFA_REQUIRED_ROLES": ("program_staff", "reviewer"),
    "STRIPE_SECRET_KEY": "sk_test_not_a_real_key",
    "STRIPE_WEBHOOK_SECRET": "whsec_test_not_a_real_secret",
}


def each_line(tries: Sequence[Try]) -> Callable[[Callable[..., Any]], Any]:
    """A pass's test, run once per line of `tries` (named by what it tries) with the settings
    every pass runs under."""

    def decorate(test: Callable[..., Any]) -> Any:
        with_settings = override_settings(**PASS_SETTINGS)(test)
        return pytest.mark.parametrize("line", tries, ids=[t.what for t in tries])(with_settings)

    return decorate
