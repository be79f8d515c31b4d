"""The daily review reminders read only what is due, by index (ADR 0060): the due assignments from
their own table by the `review_reminders_due` index, then what each reminder names one table at
a time by primary keys. A join of the assignments with the versions, portfolios and plan rows
let PostgreSQL read those tables whole by hash joins at a million certificates; each read here
names one table, and its plan goes through an index (PostgreSQL with sequential scans made the
last resort, so a table only its whole can answer still shows; SQLite's own plan)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.loaddata.plans import tables_read_whole
from certify.portfolios import handlers, services
from certify.portfolios.handlers import review_reminders
from certify.portfolios.models import ReviewAssignment
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_assignment_concurrency import _version

pytestmark = pytest.mark.django_db


def _due_reviews(program, staff, count, name):
    """`count` versions, each with one open review due on the same day."""
    reviewer = make_reviewer(f"Rita {name}", capacity=10)
    made = []
    for n in range(count):
        version = _version(program, f"{name} {n}")
        made.append(services.reviewer_assign(submission=version, reviewer=reviewer, actor=staff))
    return made


def _reads_of_a_run(day, monkeypatch):
    # Each reminder's own notice aside (`notify`, its own queries), and the marking after it.
    monkeypatch.setattr(handlers, "notify", lambda **_: True)
    monkeypatch.setattr(handlers, "_reminded_mark", lambda reminded: None)
    with CaptureQueriesContext(connection) as queries:
        result = review_reminders(day)
    return result, [q["sql"] for q in queries.captured_queries]


def test_the_reads_do_not_grow_with_the_reminders_sent(lsscp, staff, monkeypatch):
    one = _due_reviews(lsscp, staff, 1, "One")
    result, reads = _reads_of_a_run(one[0].due_on, monkeypatch)
    assert result == "1 review reminder(s) sent"
    ReviewAssignment.objects.filter(pk=one[0].pk).update(reminded="due")
    three = _due_reviews(lsscp, staff, 3, "Three")
    result, more_reads = _reads_of_a_run(three[0].due_on, monkeypatch)
    assert result == "3 review reminder(s) sent"
    # the programs' zones, the due rows, then the reviewer, version, portfolio, plan row, set,
    # application and program once each
    assert len(reads) == len(more_reads) == 9


def test_each_read_names_one_table_and_goes_by_an_index(lsscp, staff, monkeypatch):
    made = _due_reviews(lsscp, staff, 2, "Two")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's transaction: undone after it
            cursor.execute("SET LOCAL enable_seqscan = off")
    result, reads = _reads_of_a_run(made[0].due_on, monkeypatch)
    assert result == "2 review reminder(s) sent"
    due = next(sql for sql in reads if 'FROM "portfolios_reviewassignment"' in sql)
    assert " JOIN " not in due, due
    for sql in reads:
        if 'FROM "programs_program"' in sql and "WHERE" not in sql:
            continue  # the programs' zones: a handful of rows, read whole on purpose
        assert " JOIN " not in sql, sql
        assert tables_read_whole(sql) == set(), sql
