"""The staff API names a person whose account is closed as the staff pages and exports do (ADR
0016): an application's notes' `author` and the staff renewals list's `assigned_to` read
"Account closed (candidate LSSCP-C-…)" (or "Account closed" for a person who never applied),
never the closure's placeholder name and never ""; the numbers of all the closed accounts in a
list are read in one query, so many cost what one does."""

import pytest
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.accounts.privacy import CLOSED_NAME
from certify.casework.api import case_note_add
from certify.courses.api import candidate_number
from certify.renewals.models import Renewal
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory
from tests.renewals.conftest import in_window, submitted

pytestmark = pytest.mark.django_db


def _closed(person: User) -> None:
    """As `account_close` leaves it (staff have their role removed before they may close)."""
    User.objects.filter(pk=person.pk).update(
        full_name=CLOSED_NAME, email=f"closed-{person.pk}@closed.invalid", is_active=False
    )


def _former_staff(program, *, applied: bool = True) -> tuple[User, str]:
    """A staff member who once applied to the program (their candidate number) or never did."""
    person = UserFactory(full_name="Former Staff", roles=[Role.PROGRAM_STAFF])
    if not applied:
        return person, ""
    return person, candidate_number(ApplicationFactory(candidate=person, program=program))


def _notes_url(cases) -> str:
    return f"/api/v1/staff/applications/{cases.application.pk}/notes"


def test_a_note_by_a_closed_account_names_it_by_its_number(client, cases, program, staff_user):
    applied, number = _former_staff(program)
    never, _ = _former_staff(program, applied=False)
    no_name = UserFactory(full_name="", email="nameless@example.org", roles=[Role.PROGRAM_STAFF])
    for author in (applied, never, no_name):
        case_note_add(case=cases.application, actor=author, body=f"By {author.pk}.")
    _closed(applied)
    _closed(never)
    client.force_login(staff_user)

    notes = client.get(_notes_url(cases)).json()

    authors = {n["body"]: n["author"] for n in notes}
    assert authors == {
        f"By {applied.pk}.": f"Account closed (candidate {number})",
        f"By {never.pk}.": "Account closed",
        f"By {no_name.pk}.": "nameless@example.org",
    }
    assert CLOSED_NAME not in str(notes)
    assert "closed.invalid" not in str(notes)


def test_notes_by_many_closed_accounts_cost_what_one_does(client, cases, program, staff_user):
    def closed_note() -> None:
        author, _ = _former_staff(program)
        case_note_add(case=cases.application, actor=author, body="A note.")
        _closed(author)

    client.force_login(staff_user)
    closed_note()
    client.get(_notes_url(cases))  # the first request's one-off reads
    one = count_queries(lambda: client.get(_notes_url(cases)))
    for _ in range(3):
        closed_note()
    assert len(client.get(_notes_url(cases)).json()) == 4
    assert count_queries(lambda: client.get(_notes_url(cases))) == one


def _assigned(renewal: Renewal, person: User) -> None:
    Renewal.objects.filter(pk=renewal.pk).update(assigned_to=person)


def _renewal(program, name: str) -> Renewal:
    certificate = in_window(program, timezone.localdate(), name=name)
    return submitted(certificate)


def _assigned_to(client) -> dict[int, str | None]:
    items = client.get("/api/v1/staff/renewals").json()["items"]
    return {r["id"]: r["assigned_to"] for r in items}


def test_a_renewal_assigned_to_a_closed_account_names_it_by_its_number(
    client, cases, program, staff_user
):
    closed, number = _former_staff(program)
    _assigned(cases.renewal, closed)
    _closed(closed)
    nameless = _renewal(program, "Noa Holder")
    no_name = UserFactory(full_name="", email="nameless@example.org", roles=[Role.PROGRAM_STAFF])
    _assigned(nameless, no_name)
    client.force_login(staff_user)

    assigned = _assigned_to(client)

    assert assigned[cases.renewal.pk] == f"Account closed (candidate {number})"
    assert assigned[nameless.pk] == "nameless@example.org"  # was "" (the empty full name)


def test_renewals_assigned_to_many_closed_accounts_cost_what_one_does(
    client, cases, program, staff_user
):
    client.force_login(staff_user)
    closed, _ = _former_staff(program)
    _assigned(cases.renewal, closed)
    _closed(closed)
    client.get("/api/v1/staff/renewals")  # the first request's one-off reads
    one = count_queries(lambda: client.get("/api/v1/staff/renewals"))
    for i in range(3):
        person, _ = _former_staff(program)
        _assigned(_renewal(program, f"Holder {i}"), person)
        _closed(person)
    assigned = _assigned_to(client)
    assert len(assigned) == 4
    assert all(name and name.startswith("Account closed (candidate ") for name in assigned.values())
    assert count_queries(lambda: client.get("/api/v1/staff/renewals")) == one
