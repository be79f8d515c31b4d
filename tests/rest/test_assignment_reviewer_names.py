"""The staff API's review assignments (`AssignmentOut.reviewer`, answered when staff assign a
reviewer, by hand or automatically) name the reviewer as staff lists do (ADR 0016): never "" for
a reviewer who gave no name (their address, as the pages say), and a reviewer whose account was
closed since by its number, "Account closed (candidate LSSCP-C-…)", never the closure's
placeholder; the numbers of a list's closed accounts are read in one query."""

from certify.accounts.api import references_attach
from certify.accounts.models import User
from certify.accounts.privacy import CLOSED_NAME
from certify.courses.api import candidate_number
from certify.portfolios.models import ReviewAssignment
from certify.rest.portfolio_staff import AssignmentOut
from tests.conftest import count_queries
from tests.factories import ApplicationFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    complete_portfolio,
    enrolled,
    make_reviewer,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)
from tests.rest.test_automatic_reviewers_api import free_a_place


def _closed(person: User) -> None:
    """As `account_close` leaves it (a reviewer's role is ended before they may close)."""
    User.objects.filter(pk=person.pk).update(
        full_name=CLOSED_NAME, email=f"closed-{person.pk}@closed.invalid", is_active=False
    )


def test_a_reviewer_without_a_name_is_named_by_their_address_not_an_empty_string(
    client,
    submitted,  # noqa: F811
    staff,
):
    free_a_place(submitted)
    nameless = make_reviewer("")
    client.force_login(staff)
    answer = client.post(
        f"/api/v1/staff/portfolios/submissions/{submitted.pk}/reviewers",
        {"reviewer_id": nameless.pk},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["reviewer"] == nameless.email


def _out(assignments: list[ReviewAssignment]) -> list[str]:
    references_attach(a.reviewer for a in assignments)  # as the endpoints do
    return [AssignmentOut.from_orm(a).reviewer for a in assignments]


def test_a_closed_reviewer_is_named_by_their_number_and_many_cost_one_query(
    submitted,  # noqa: F811
    lsscp,
):
    numbers = []
    for assignment in submitted.assignments.all():
        application = ApplicationFactory(candidate=assignment.reviewer, program=lsscp)
        numbers.append(candidate_number(application))
        _closed(assignment.reviewer)
    closed = list(submitted.assignments.select_related("reviewer").order_by("pk"))

    assert _out(closed) == [f"Account closed (candidate {n})" for n in numbers]
    one = list(submitted.assignments.select_related("reviewer").order_by("pk"))[:1]
    again = list(submitted.assignments.select_related("reviewer").order_by("pk"))
    assert count_queries(lambda: _out(one)) == count_queries(lambda: _out(again)) == 1
