"""A review finishing and an assignment write the same reviewers' data versions (ADR 0071): the
review's own row gives its reviewer a new version, and the version it decides gives both of its
reviewers one, in an order of the database's choosing. Every writer takes the version's row,
then the reviewers' profiles by id, before it writes any of them (ADR 0007's lock order), so an
assignment writing the two the other way waits at a profile instead of deadlocking.

The PostgreSQL test makes the deadlock's interleaving happen on purpose: the assignment writes
Bea's review, holds on, and only then writes Abe's while Abe finishes his. The order tests read
the statements each service sends (both databases): the profiles come before the first write."""

import re
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.portfolios import services
from certify.portfolios.models import Portfolio, ReminderSent, ReviewAssignment
from certify.portfolios.services import review
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_assignment_concurrency import _version

_WRITES = ("portfolios_reviewassignment", "portfolios_competencyrating", "portfolios_submission")


def _rate_all(assignment):
    for row in assignment.ratings.all():
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating="met",
            comment="",
        )


def _decided_by_abe(lsscp, staff):
    """Version 1 with Abe and Bea, both rated; Bea has finished, Abe has not."""
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    submission = _version(lsscp, "Ada First")
    Portfolio.objects.filter(pk=submission.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    mine, hers = (
        services.reviewer_assign(submission=submission, reviewer=r, actor=staff) for r in (abe, bea)
    )
    for assignment in (mine, hers):
        _rate_all(assignment)
    services.assessment_complete(assignment=hers, actor=bea, comment="")
    return abe, bea, submission, mine


def _first(queries, test):
    return next(n for n, q in enumerate(queries) if test(q["sql"]))


def _profiles_before_writes(queries):
    """The profiles are read (and locked) before the first write that changes a version."""
    profiles = _first(queries, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql)
    write = _first(
        queries,
        lambda sql: sql.startswith(("UPDATE", "INSERT")) and any(t in sql for t in _WRITES),
    )
    assert profiles < write, [q["sql"][:120] for q in queries[: write + 1]]


def test_a_review_finishing_locks_both_reviewers_profiles_before_it_writes(lsscp, staff):
    abe, bea, submission, mine = _decided_by_abe(lsscp, staff)
    with CaptureQueriesContext(connection) as queries:
        services.assessment_complete(assignment=mine, actor=abe, comment="")
    submission.refresh_from_db()
    assert submission.outcome == "passed"  # the version was decided: both versions written
    _profiles_before_writes(queries.captured_queries)
    locked = next(
        q["sql"] for q in queries.captured_queries if "portfolios_reviewerprofile" in q["sql"]
    )
    ids = re.search(r'"user_id" IN \(([\d, ]+)\)', locked)
    assert ids is not None, locked
    assert {int(i) for i in ids.group(1).split(",")} == {abe.pk, bea.pk}


def test_the_daily_reminders_lock_the_profiles_before_they_mark_the_reviews(lsscp, staff):
    from certify.portfolios.handlers import review_reminders

    _, _, _, mine = _decided_by_abe(lsscp, staff)
    with CaptureQueriesContext(connection) as queries:
        assert review_reminders(mine.due_on) == "1 review reminder(s) sent"
    mine.refresh_from_db()
    assert mine.reminded == ReminderSent.DUE
    marked = _first(
        queries.captured_queries,
        lambda sql: sql.startswith("UPDATE") and "portfolios_reviewassignment" in sql,
    )
    profiles = _first(
        queries.captured_queries, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql
    )
    assert profiles < marked


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_a_review_finishing_while_an_assignment_writes_its_reviewers_the_other_way(
    lsscp, staff, monkeypatch, attempt
):
    abe, bea, decided, mine = _decided_by_abe(lsscp, staff)
    waiting = _version(lsscp, "Bo Second")
    # Bea has no open review, Abe one: the automatic assignment writes Bea's, then Abe's.
    first_written, original = threading.Event(), review._assign

    def assign_slowly(**kwargs):
        made = original(**kwargs)
        if threading.current_thread().name == "assign" and not first_written.is_set():
            first_written.set()  # Bea's version row is now held until this transaction ends
            time.sleep(1.5)  # longer than PostgreSQL's deadlock_timeout (1 s)
        return made

    monkeypatch.setattr(review, "_assign", assign_slowly)
    results, errors = {}, []

    def run(name, call):
        try:
            results[name] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    assign = threading.Thread(
        name="assign",
        target=run,
        args=("assign", lambda: services.reviewers_assign_auto(submission=waiting)),
    )
    finish = threading.Thread(
        name="finish",
        target=run,
        args=(
            "finish",
            lambda: services.assessment_complete(assignment=mine, actor=abe, comment=""),
        ),
    )
    assign.start()
    assert first_written.wait(timeout=10)
    finish.start()
    for thread in (assign, finish):
        thread.join(timeout=30)
    assert errors == []  # a deadlock would end one of them with a database error
    assert [a.reviewer_id for a in results["assign"]] == [bea.pk, abe.pk]
    decided.refresh_from_db()
    assert decided.outcome == "passed"
    assert ReviewAssignment.objects.filter(submission=waiting).count() == 2
