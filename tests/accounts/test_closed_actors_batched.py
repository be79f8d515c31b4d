"""A history names each closed actor by the role they held last ("by a portfolio reviewer whose
account is closed", `actor_named`); the page reads those roles for all its closed actors in one
query (`actors_attach`), so a history of many closed actors costs what one of them does (ADR
0016)."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import actor_named, actors_attach
from certify.accounts.models import EndedRole, Role, User
from certify.accounts.privacy import CLOSED_NAME
from certify.accounts.services import role_revoke
from certify.applications.models import ApplicationTransition
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _closed_former(role: str, name: str) -> User:
    """Someone who held `role`, had it taken away, then closed their account (as
    `account_close` leaves it)."""
    person = UserFactory(full_name=name, roles=[role])
    role_revoke(user=person, role=role, actor=None, reason="Left.")
    User.objects.filter(pk=person.pk).update(
        full_name=CLOSED_NAME, email=f"closed-{person.pk}@closed.invalid", is_active=False
    )
    return User.objects.get(pk=person.pk)


def _acted(application, actor: User, to_status: str) -> None:
    ApplicationTransition.objects.create(
        application=application, from_status="submitted", to_status=to_status, actor=actor
    )


def _page(client, application) -> str:
    page = client.get(reverse("applications:staff_detail", args=[application.pk]))
    assert page.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())


def test_a_history_of_many_closed_actors_costs_what_one_does(client):
    application = ApplicationFactory(status="submitted")
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    _acted(application, _closed_former(Role.REVIEWER, "Rita Reviewer"), "more_info")
    _page(client, application)  # the first request's one-off reads
    one = count_queries(lambda: _page(client, application))
    for i, role in enumerate((Role.PROGRAM_STAFF, Role.REVIEWER, Role.PROVIDER)):
        _acted(application, _closed_former(role, f"Former {i}"), "more_info")

    page = _page(client, application)

    assert page.count("by a portfolio reviewer whose account is closed") == 2
    assert "by a member of the program staff whose account is closed" in page
    assert "by a course provider's staff member whose account is closed" in page
    assert CLOSED_NAME not in page
    assert count_queries(lambda: _page(client, application)) == one


def test_the_role_kept_is_the_one_ended_last_as_actor_named_reads_alone():
    person = _closed_former(Role.REVIEWER, "Rita Reviewer")
    EndedRole.objects.create(
        user=person,
        role=Role.PROGRAM_STAFF,
        granted_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now() + timedelta(minutes=1),  # after the reviewer role ended
    )
    never_held = User.objects.get(pk=_closed_former(Role.CANDIDATE, "Cy Candidate").pk)
    alone = [actor_named(person), actor_named(never_held)]
    attached = [User.objects.get(pk=person.pk), User.objects.get(pk=never_held.pk)]

    assert count_queries(lambda: actors_attach([*attached, None])) == 1
    assert count_queries(lambda: [actor_named(a) for a in attached]) == 0
    assert (
        [actor_named(a) for a in attached]
        == alone
        == [
            "a member of the program staff whose account is closed",
            "a person whose account is closed",
        ]
    )


def test_no_query_when_no_actor_is_closed():
    people = [UserFactory(full_name="Sam Staff"), UserFactory(full_name="Dana Okafor")]
    assert count_queries(lambda: actors_attach(people)) == 0
    assert [actor_named(p) for p in people] == ["Sam Staff", "Dana Okafor"]
