"""A candidate's name changed in the program settings, or their account closed, writes their
reviewers' data versions (ADR 0071: the name is in the reviewers' queues, the closure blanks
the versions' snapshots). Both now take the candidate's versions, their portfolios and the
reviewers' profiles first, as a review finishing does (ADR 0007's lock order), through the hook
accounts calls (`accounts.api.person_lock`).

The PostgreSQL test makes the deadlock's interleaving happen on purpose: a review finishes,
writes its own row (its reviewer's version) and holds on past the deadlock timeout while the name
changes, which without the locks writes the other reviewer's version and waits for this one's;
the review then decides the version, writing the other reviewer's. Without the locks PostgreSQL
ends one of them as a deadlock (whichever reviewer finishes last); with them the name change
waits at the version's row until the review is done."""

import re
import threading
import time
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from certify.accounts.models import User
from certify.accounts.privacy import account_close
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import Portfolio, Submission
from certify.portfolios.services import person_locks, review
from tests.factories import PASSWORD
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_assignment_concurrency import _version
from tests.portfolios.test_version_lock_order import _first, _rate_all


def _rated(lsscp, staff, *, first, second):
    """Version 1 of Ada's portfolio with two reviewers (assigned in this order), both rated."""
    submission = _version(lsscp, "Ada First")
    Portfolio.objects.filter(pk=submission.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    made = [
        services.reviewer_assign(submission=submission, reviewer=r, actor=staff)
        for r in (first, second)
    ]
    for assignment in made:
        _rate_all(assignment)
    return submission, made


def _rename(candidate, name):
    """What the program settings do when staff correct a person's name (in one transaction)."""
    user_admin = admin.site._registry[User]
    request = RequestFactory().post("/")
    candidate = User.objects.get(pk=candidate.pk)
    candidate.full_name = name
    with transaction.atomic():
        user_admin.save_model(request, candidate, SimpleNamespace(changed_data=["full_name"]), True)


def _lock_of(table, column):
    """The statement that locks `table`'s rows by a subquery on `column` (SQLite sends it
    without `FOR UPDATE`)."""
    where = f'FROM "{table}" WHERE "{table}"."{column}" IN ('
    return lambda sql: where in sql and (connection.vendor != "postgresql" or "FOR UPDATE" in sql)


def _locks_before_writes(queries, *, write):
    """The versions, portfolios and profiles are locked, in that order, before the first write
    of `write`'s table, the first that changes a reviewer's data version."""
    versions = _first(queries, _lock_of("portfolios_submission", "portfolio_id"))
    portfolios = _first(queries, _lock_of("portfolios_portfolio", "id"))
    profiles = _first(queries, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql)
    written = _first(queries, lambda sql: sql.startswith("UPDATE") and f'"{write}"' in sql)
    assert versions < portfolios < profiles < written, [q["sql"][:120] for q in queries]


@pytest.fixture
def reviewed(lsscp, staff):
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    submission, _ = _rated(lsscp, staff, first=abe, second=bea)
    return submission.portfolio.planned_set.application.candidate, abe, bea


def test_a_name_change_locks_the_reviewers_before_it_writes_the_name(reviewed):
    candidate, abe, bea = reviewed
    with CaptureQueriesContext(connection) as queries:
        _rename(candidate, "Ada Renamed")
    assert User.objects.get(pk=candidate.pk).full_name == "Ada Renamed"
    _locks_before_writes(queries.captured_queries, write="accounts_user")
    locked = next(
        q["sql"] for q in queries.captured_queries if "portfolios_reviewerprofile" in q["sql"]
    )
    ids = re.search(r'"user_id" IN \(([\d, ]+)\)', locked)
    assert ids is not None, locked
    assert {int(i) for i in ids.group(1).split(",")} == {abe.pk, bea.pk}


def test_an_account_closure_locks_the_reviewers_before_it_blanks_the_versions(reviewed):
    candidate, *_ = reviewed
    with CaptureQueriesContext(connection) as queries:
        account_close(user=candidate, password=PASSWORD)
    assert User.objects.get(pk=candidate.pk).full_name == "Closed account"
    _locks_before_writes(queries.captured_queries, write="portfolios_submission")
    _locks_before_writes(queries.captured_queries, write="accounts_user")


def test_a_person_without_a_portfolio_locks_nothing(db):
    from tests.factories import UserFactory

    person = UserFactory(full_name="Pat Plain")
    with CaptureQueriesContext(connection) as queries:
        _rename(person, "Pat Renamed")
    assert not any("portfolios_reviewerprofile" in q["sql"] for q in queries.captured_queries)
    assert User.objects.get(pk=person.pk).full_name == "Pat Renamed"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("last", ["abe", "bea"])
def test_a_review_finishing_while_the_candidates_name_changes(lsscp, staff, monkeypatch, last):
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    submission, (first_made, second_made) = _rated(lsscp, staff, first=abe, second=bea)
    finishing = second_made if last == "abe" else first_made
    other = first_made if last == "abe" else second_made
    services.assessment_complete(assignment=other, actor=other.reviewer, comment="")
    candidate = submission.portfolio.planned_set.application.candidate
    written, original = threading.Event(), review.submission_decide

    def decide_slowly(**kwargs):
        # The finishing review's own row is written: its reviewer's version is held.
        written.set()
        time.sleep(1.5)  # longer than PostgreSQL's deadlock_timeout (1 s)
        return original(**kwargs)

    monkeypatch.setattr(review, "submission_decide", decide_slowly)
    errors = []

    def run(call):
        try:
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    finish = threading.Thread(
        target=run,
        args=(
            lambda: services.assessment_complete(
                assignment=finishing, actor=finishing.reviewer, comment=""
            ),
        ),
    )
    rename = threading.Thread(target=run, args=(lambda: _rename(candidate, "Ada Renamed"),))
    finish.start()
    assert written.wait(timeout=10)
    rename.start()
    for thread in (finish, rename):
        thread.join(timeout=30)
    assert errors == []  # a deadlock would end one of them with a database error
    submission.refresh_from_db()
    assert submission.outcome == "passed"
    assert User.objects.get(pk=candidate.pk).full_name == "Ada Renamed"


# --- A version made between the closure's locks (ADR 0007: the gap closed) ----------------------


def _profiles_locked(queries):
    """The reviewers (user ids) of each statement locking profiles, in the order sent."""
    found = []
    for q in queries:
        if 'FROM "portfolios_reviewerprofile"' in q["sql"] and "user_id" in q["sql"]:
            ids = re.search(r'"user_id" IN \(([\d, ]+)\)', q["sql"])
            found.append({int(i) for i in ids.group(1).split(",")} if ids else set())
    return found


def _second_version(submission, staff, *reviewers):
    """What a submission does in rows: its portfolio locked, a new version, its reviewers."""
    with transaction.atomic():
        portfolio = Portfolio.objects.select_for_update().get(pk=submission.portfolio_id)
        version = Submission.objects.create(portfolio=portfolio, number=2, snapshot={"a": 1})
        for reviewer in reviewers:
            services.reviewer_assign(submission=version, reviewer=reviewer, actor=staff)
    return version


def test_a_version_missed_by_the_first_read_is_locked_with_its_reviewers(
    reviewed, staff, monkeypatch
):
    """The versions read first miss the newest (as if it was made between the versions' lock
    and the portfolios'): the portfolios' read finds it, the locks are taken again from the
    start, and its reviewers' profiles are locked before the versions are blanked."""
    candidate, abe, bea = reviewed
    first = Submission.objects.get(portfolio__planned_set__application__candidate=candidate)
    cy, dee = make_reviewer("Cy Late"), make_reviewer("Dee Later")
    newest = _second_version(first, staff, cy, dee)
    reads, original = [], person_locks._versions_lock

    def stale_first(portfolios):
        found = original(portfolios)
        reads.append(found)
        return [pk for pk in found if pk != newest.pk] if len(reads) == 1 else found

    monkeypatch.setattr(person_locks, "_versions_lock", stale_first)
    with CaptureQueriesContext(connection) as queries:
        account_close(user=candidate, password=PASSWORD)
    assert len(reads) == 2  # read again, once
    assert _profiles_locked(queries.captured_queries) == [{abe.pk, bea.pk, cy.pk, dee.pk}]
    _locks_before_writes(queries.captured_queries, write="portfolios_submission")
    newest.refresh_from_db()
    assert newest.snapshot == {"removed": "The candidate closed their account."}


def test_versions_that_keep_moving_refuse_in_words(reviewed, monkeypatch):
    candidate, *_ = reviewed
    monkeypatch.setattr(person_locks, "_versions_lock", lambda portfolios: [])
    with pytest.raises(DomainError, match="a version was submitted"):
        account_close(user=candidate, password=PASSWORD)
    assert User.objects.get(pk=candidate.pk).is_active


def test_a_candidate_without_a_version_has_their_portfolios_locked(lsscp, staff):
    """No version yet: the portfolios are locked all the same (a first submission waits)."""
    submission = _version(lsscp, "Ada First")
    candidate = submission.portfolio.planned_set.application.candidate
    submission.delete()
    with CaptureQueriesContext(connection) as queries:
        account_close(user=candidate, password=PASSWORD)
    _first(queries.captured_queries, _lock_of("portfolios_portfolio", "id"))
    assert _profiles_locked(queries.captured_queries) == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_version_submitted_while_the_account_closes(lsscp, staff, monkeypatch):
    """The closure has locked the candidate's versions and waits before the portfolios; another
    transaction makes version 2 and assigns Cy and Dee, and commits. The closure then finds it
    under the portfolios' locks, takes the locks again, and locks Cy's and Dee's profiles before
    it blanks version 2 (without it, it wrote their data versions unlocked)."""
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    first, _ = _rated(lsscp, staff, first=abe, second=bea)
    candidate = first.portfolio.planned_set.application.candidate
    cy, dee = make_reviewer("Cy Late"), make_reviewer("Dee Later")
    versions_locked, submitted = threading.Event(), threading.Event()
    original = person_locks._portfolios_lock

    def wait_between(portfolios):
        if not versions_locked.is_set():
            versions_locked.set()
            assert submitted.wait(timeout=10)
        return original(portfolios)

    monkeypatch.setattr(person_locks, "_portfolios_lock", wait_between)
    errors, locked = [], []

    def close():
        try:
            with CaptureQueriesContext(connection) as queries:
                account_close(user=User.objects.get(pk=candidate.pk), password=PASSWORD)
            locked.extend(_profiles_locked(queries.captured_queries))
            _locks_before_writes(queries.captured_queries, write="portfolios_submission")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    closing = threading.Thread(target=close)
    closing.start()
    assert versions_locked.wait(timeout=10)
    try:
        newest = _second_version(first, staff, cy, dee)
    finally:
        submitted.set()
        closing.join(timeout=30)
    assert errors == []
    assert locked == [{abe.pk, bea.pk, cy.pk, dee.pk}]
    newest.refresh_from_db()
    assert newest.snapshot == {"removed": "The candidate closed their account."}
