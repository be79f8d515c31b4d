"""A staff list's row, an export's cell and an API list's field name a person who closed their
account "Account closed (candidate LSSCP-C-…)", never the closure's placeholder name; the
references of a list's closed accounts are read in one query (ADR 0016)."""

import pytest

from certify.accounts.api import listed_name, references_attach, references_attached
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.api import candidate_number
from tests.factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _closed(**fields):
    person = UserFactory(**fields)
    account_close(user=person, password=PASSWORD)
    person.refresh_from_db()  # a fresh row, as a list reads it
    return person


def test_an_open_account_is_named_and_a_closed_one_by_its_candidate_number():
    dana = UserFactory(full_name="Dana Okafor")
    closed = UserFactory(full_name="Ravi Patel")
    number = candidate_number(ApplicationFactory(candidate=closed, status="submitted"))
    account_close(user=closed, password=PASSWORD)
    closed.refresh_from_db()

    assert listed_name(dana) == "Dana Okafor"
    assert listed_name(closed) == f"Account closed (candidate {number})"
    assert CLOSED_NAME not in listed_name(closed)
    assert listed_name(None) == ""


def test_a_closed_account_that_never_applied_says_so_alone():
    assert listed_name(_closed()) == "Account closed"


def test_a_closed_account_opened_again_with_the_placeholder_still_says_closed():
    person = _closed()
    person.is_active = True
    person.save()
    assert listed_name(person) == "Account closed"


def test_a_lists_references_are_read_in_one_query_and_then_cost_none(
    django_assert_num_queries,
):
    closed = []
    for _ in range(4):
        person = UserFactory()
        ApplicationFactory(candidate=person, status="submitted")
        account_close(user=person, password=PASSWORD)
        closed.append(person)
    people = [*(type(p).objects.get(pk=p.pk) for p in closed), UserFactory(full_name="Open One")]
    expected = [
        f"Account closed (candidate {candidate_number(p.applications.get())})" for p in closed
    ]

    with django_assert_num_queries(1):
        references_attach(people)
    with django_assert_num_queries(0):
        names = [listed_name(p) for p in people]

    assert names == [*expected, "Open One"]


def test_a_list_without_closed_accounts_reads_no_references(django_assert_num_queries):
    people = [UserFactory(), UserFactory()]
    with django_assert_num_queries(0):
        references_attach(people)


def test_a_streamed_export_reads_its_references_a_chunk_at_a_time(django_assert_num_queries):
    people = []
    for _ in range(5):
        person = UserFactory()
        ApplicationFactory(candidate=person, status="submitted")
        account_close(user=person, password=PASSWORD)
        people.append(type(person).objects.get(pk=person.pk))

    with django_assert_num_queries(3):  # chunks of 2, 2 and 1
        rows = list(references_attached(people, lambda p: p, chunk=2))

    assert rows == people
    assert all(listed_name(p).startswith("Account closed (candidate ") for p in rows)


def test_the_newest_application_gives_the_number():
    person = UserFactory()
    ApplicationFactory(candidate=person, status="submitted")
    newest = ApplicationFactory(candidate=person, status="submitted")
    account_close(user=person, password=PASSWORD)
    person = type(person).objects.get(pk=person.pk)
    references_attach([person])
    assert listed_name(person) == f"Account closed (candidate {candidate_number(newest)})"
