"""A reviewer declaring a conflict of interest with a candidate, or losing her reviewer role,
while staff give her that candidate's portfolio at the same moment (PostgreSQL, threads with
their own connections).

Staff's assignment reads the declarations after locking the reviewer's profile; the declaration
gives back the reviews she has open. Run one inside the other, the assignment first and its
commit held back while she declares: the declaration must not miss the review being made (it
waits for it), so she is never left holding a review of a person she declared a conflict with,
which her pages refuse to open and which would only go overdue in her queue, staff untold.
"""

import threading

import pytest
from django.db import connection, transaction

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role
from certify.accounts.services import role_revoke
from certify.core.errors import DomainError
from certify.notifications.models import Notification
from certify.portfolios import services
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.services.conflicted_reviewer import STAFF_EVENT
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    complete_portfolio,
    enrolled,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

# The races are marked one by one: threads with their own connections, committing for real
# (PostgreSQL's row locks). The one-after-the-other case needs neither: a test's transaction,
# on both databases.
pytestmark = pytest.mark.django_db


def _in_thread(call, done: list):
    def run():
        try:
            done.append(call())
        except BaseException as error:  # the thread's answer, read by the test
            done.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _while_staff_assign_her(version, staff, move) -> ReviewAssignment:
    """Staff replace one of the version's reviewers with another reviewer, their commit held
    back while `move(newcomer)` runs in a second thread (it may finish, or wait for that commit
    at her profile); both end without error. The newcomer's review of the version."""
    replaced = version.assignments.order_by("pk").last()
    on_it = set(version.assignments.values_list("reviewer_id", flat=True))
    newcomer = ReviewerProfile.objects.exclude(user_id__in=on_it).first().user
    made, release = threading.Event(), threading.Event()

    def assign():
        with transaction.atomic():  # staff replace a reviewer with her; the commit held back
            assignment = services.reviewer_assign(
                submission=version, reviewer=newcomer, actor=staff, replacing=replaced
            )
            made.set()
            release.wait(timeout=10)
        return assignment

    assigned: list = []
    moved: list = []
    first = _in_thread(assign, assigned)
    assert made.wait(timeout=10)
    second = _in_thread(lambda: move(newcomer), moved)
    second.join(timeout=2)  # it may finish, or wait for the assignment's commit
    release.set()
    first.join(timeout=20)
    second.join(timeout=20)
    assert not first.is_alive()
    assert not second.is_alive()
    assert not any(isinstance(a, BaseException) for a in assigned + moved), (assigned, moved)
    return ReviewAssignment.objects.get(submission=version, reviewer=newcomer)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_review_given_while_she_declares_a_conflict_is_given_back(
    submitted,  # noqa: F811
    staff,
):
    candidate = submitted.portfolio.planned_set.application.candidate
    hers = _while_staff_assign_her(
        submitted,
        staff,
        lambda newcomer: conflict_declare(
            actor=newcomer, person_email=candidate.email, reason="My neighbor."
        ),
    )
    assert hers.status == ReviewAssignment.Status.WITHDRAWN
    # Her place goes to the next eligible reviewer, or staff are told when nobody may take it.
    in_her_place = ReviewAssignment.objects.filter(
        submission=submitted,
        status=ReviewAssignment.Status.ASSIGNED,
        automatic=True,
        assigned_by=None,
    ).exclude(reviewer=hers.reviewer)
    assert in_her_place.exists() or Notification.objects.filter(event=STAFF_EVENT).exists()


def test_a_declaration_made_first_refuses_the_assignment_in_words(
    submitted,  # noqa: F811
    staff,
):
    on_it = set(submitted.assignments.values_list("reviewer_id", flat=True))
    newcomer = ReviewerProfile.objects.exclude(user_id__in=on_it).first().user
    candidate = submitted.portfolio.planned_set.application.candidate
    conflict_declare(actor=newcomer, person_email=candidate.email, reason="My neighbor.")
    with pytest.raises(DomainError, match="declared a conflict"):
        services.reviewer_assign(
            submission=submitted,
            reviewer=newcomer,
            actor=staff,
            replacing=submitted.assignments.order_by("pk").last(),
        )
    assert not ReviewAssignment.objects.filter(reviewer=newcomer).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_review_given_while_her_reviewer_role_ends_is_given_back(
    submitted,  # noqa: F811
    staff,
):
    """The role ends while staff's assignment, which read her role before, waits to commit: the
    role's end (its handler after commit) waits for the assignment at her profile, reads it, and
    gives it back, so a former reviewer keeps no review."""
    hers = _while_staff_assign_her(
        submitted,
        staff,
        lambda newcomer: role_revoke(
            user=newcomer, role=Role.REVIEWER, actor=staff, reason="Moved away"
        ),
    )
    assert hers.status == ReviewAssignment.Status.WITHDRAWN
