"""The staff membership queue in the API (`GET /api/v1/staff/memberships`) names a person whose
account is closed as the staff pages and exports do (ADR 0016): `person_name` "Account closed
(candidate LSSCP-C-…)" (or "Account closed" for one who never applied), never the closure's
placeholder name and never "", and `person_email` "" instead of the placeholder address; the
numbers of all the closed accounts on a page are read in one query."""

import pytest

from certify.accounts.models import User
from certify.accounts.privacy import CLOSED_NAME
from certify.courses.api import candidate_number
from certify.memberships.models import Membership, Organisation
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/staff/memberships"


def _closed(person: User) -> None:
    """As `account_close` leaves the account (a membership recorded while it was open)."""
    User.objects.filter(pk=person.pk).update(
        full_name=CLOSED_NAME, email=f"closed-{person.pk}@closed.invalid", is_active=False
    )


def _member(*, applied: bool = True, **names) -> tuple[Membership, str]:
    person = UserFactory(roles=["candidate"], **names)
    number = ""
    if applied:
        number = candidate_number(ApplicationFactory(candidate=person, program=ProgramFactory()))
    ala = Organisation.objects.get(code="ALA")
    return MembershipFactory(user=person, organisation=ala, status="pending"), number


def _rows(client) -> dict[int, tuple[str, str]]:
    items = client.get(API, {"status": "all"}).json()["items"]
    return {row["id"]: (row["person_name"], row["person_email"]) for row in items}


def test_a_closed_account_is_named_by_its_number_and_no_placeholder(client, staff):
    applied, number = _member()
    never, _ = _member(applied=False)
    nameless, _ = _member(applied=False, full_name="", email="nameless@example.org")
    _closed(applied.user)
    _closed(never.user)
    client.force_login(staff)

    rows = _rows(client)

    assert rows[applied.pk] == (f"Account closed (candidate {number})", "")
    assert rows[never.pk] == ("Account closed", "")
    assert rows[nameless.pk] == ("nameless@example.org", "nameless@example.org")
    assert CLOSED_NAME not in str(rows)
    assert "closed.invalid" not in str(rows)


def test_many_closed_accounts_cost_what_one_does(client, staff):
    client.force_login(staff)
    _closed(_member()[0].user)
    client.get(API, {"status": "all"})  # the first request's one-off reads
    one = count_queries(lambda: client.get(API, {"status": "all"}))
    for _ in range(3):
        _closed(_member()[0].user)
    assert len(_rows(client)) == 4
    assert count_queries(lambda: client.get(API, {"status": "all"})) == one
