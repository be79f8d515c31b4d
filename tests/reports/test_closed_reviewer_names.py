"""The staff dashboard's reviewer turnaround names a reviewer whose account is closed as every
staff list does, "Account closed (candidate LSSCP-C-…)" or "Account closed", never the closure's
placeholder name or address, and reads the numbers of all of them in one query (ADR 0016)."""

from datetime import date

import pytest

from certify.accounts.models import User
from certify.accounts.privacy import CLOSED_NAME
from certify.applications.models import Application
from certify.courses.api import candidate_number
from certify.reports.filters import Filters
from certify.reports.selectors import staff
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory
from tests.reports.conftest import applicant, planned, review, submission

pytestmark = pytest.mark.django_db


def _in(program) -> Filters:
    return Filters(start=date(2025, 1, 1), end=date(2025, 12, 31), program=program)


def _closed(person: User) -> None:
    """As `account_close` leaves it (a reviewer's role is ended before they may close)."""
    User.objects.filter(pk=person.pk).update(
        full_name=CLOSED_NAME, email=f"closed-{person.pk}@closed.invalid", is_active=False
    )


def _reviewed(program, reviewer: User) -> None:
    a = applicant(program, submitted=date(2025, 1, 1), status=Application.Status.ACCEPTED)
    sub = submission(
        planned(a, "CORE", route="portfolio"), outcome="passed", decided=date(2025, 3, 1)
    )
    on = {"assigned": date(2025, 2, 1), "completed": date(2025, 2, 11), "due": date(2025, 2, 22)}
    review(sub, reviewer, **on)


def test_a_closed_reviewer_is_named_by_candidate_number_never_the_placeholder(program):
    ada = UserFactory(full_name="Ada Reviewer")
    once_a_candidate = UserFactory(full_name="Ben Reviewer")
    number = candidate_number(ApplicationFactory(candidate=once_a_candidate, program=program))
    never_applied = UserFactory(full_name="Cy Reviewer")
    for reviewer in (ada, once_a_candidate, never_applied):
        _reviewed(program, reviewer)
    _closed(once_a_candidate)
    _closed(never_applied)

    names = sorted(row[0] for row in staff.reviewer_turnaround(filters=_in(program)).rows)

    assert names == ["Account closed", f"Account closed (candidate {number})", "Ada Reviewer"]


def test_closed_reviewers_cost_one_query_however_many(program):
    def queries(closed: int) -> int:
        for i in range(closed):
            reviewer = UserFactory(full_name=f"Closed {closed} {i}")
            ApplicationFactory(candidate=reviewer, program=program)
            _reviewed(program, reviewer)
            _closed(reviewer)
        return count_queries(lambda: staff.reviewer_turnaround(filters=_in(program)))

    assert queries(1) == queries(4)
