"""A candidate who closes their account stops the review of their portfolio (ADR 0007, 0016): the
open reviews are withdrawn by Certify and their reviewers told in plain words (the set, nothing of
the candidate); finished reviews stay; nobody is given the version afterwards, whether staff
assign by hand, press "Assign automatically", or Certify gives back a review; the version waits
for nobody on staff's list. The closure takes the open reviews' rows first, then its ADR 0007
locks, before it writes.

The PostgreSQL tests race the closure against staff adding a reviewer, in both orders: staff
first (the closure waits at the version, then finds and withdraws the review given meanwhile),
and the closure first (staff wait at the version, then are refused in words)."""

import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from certify.accounts.models import User
from certify.accounts.privacy import account_close
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios import privacy, services
from certify.portfolios.automatic_reviewers import automatic_reviewers
from certify.portfolios.models import Portfolio, ReviewAssignment, ReviewerProfile
from certify.portfolios.selectors import reviewer_queue, submission_list_for_staff
from certify.portfolios.services import review
from certify.portfolios.services.closed_candidate import CLOSED, ENDED, REVIEWER_EVENT
from certify.portfolios.services.given_back import STAFF_EVENT
from tests.factories import PASSWORD
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_assignment_concurrency import _version
from tests.portfolios.test_person_lock_order import _lock_of
from tests.portfolios.test_version_lock_order import _first, _rate_all
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def _candidate(submission):
    return User.objects.get(pk=submission.portfolio.planned_set.application.candidate_id)


def _spare():
    return ReviewerProfile.objects.get(user__full_name="Rosa Rater").user


def test_closing_the_account_ends_the_open_reviews_and_tells_their_reviewers(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    finished, open_ = submitted.assignments.order_by("pk")
    _rate_all(finished)
    services.assessment_complete(assignment=finished, actor=finished.reviewer, comment="")
    candidate = _candidate(submitted)
    with django_capture_on_commit_callbacks(execute=True):  # the withdrawals' events delivered
        account_close(user=candidate, password=PASSWORD)

    finished.refresh_from_db()
    open_.refresh_from_db()
    assert finished.status == ReviewAssignment.Status.COMPLETED  # a decision stays
    assert open_.status == ReviewAssignment.Status.WITHDRAWN
    assert not reviewer_queue(reviewer=open_.reviewer).filter(pk=open_.pk).exists()
    # Nobody takes it over: the review given back assigns no one, and staff are not asked to.
    assert submitted.assignments.count() == 2
    assert not Notification.objects.filter(recipient=_spare(), event="review.assigned").exists()
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()
    assert not submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    # Her reviewer is told in plain words, without the candidate; the one who finished is not.
    told = Notification.objects.get(event=REVIEWER_EVENT)
    assert told.recipient == open_.reviewer
    assert told.title == "A portfolio review you had ended: Communication and Teamwork"
    assert "its candidate closed their account" in told.body
    assert "Dana" not in told.title + told.body
    assert "Okafor" not in told.title + told.body
    entry = AuditEvent.objects.get(verb="portfolio.review_ended", target_id=str(submitted.pk))
    assert (entry.actor_id, entry.reason) == (None, ENDED)
    assert entry.data == {"reviewer": open_.reviewer_id, "withdrawn": open_.pk}


def test_nothing_is_assignable_to_a_closed_accounts_version(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    withdrawn = submitted.assignments.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=_candidate(submitted), password=PASSWORD)
    spare = _spare()
    # Staff's hand assignment, and every reviewer in their lists, refused in words.
    with pytest.raises(DomainError) as refused:
        services.reviewer_assign(submission=submitted, reviewer=spare, actor=staff)
    assert str(refused.value) == CLOSED
    assert services.reviewer_refusals(submission=submitted, reviewers=[spare]) == {spare.pk: CLOSED}
    # Staff's "Assign automatically", whatever they saw.
    seen = [c.reviewer.pk for c in automatic_reviewers(submission=submitted).picked]
    with pytest.raises(DomainError) as pressed:
        services.reviewers_assign_automatic(submission=submitted, actor=staff, picked_seen=seen)
    assert str(pressed.value) == CLOSED
    # Certify's own: the review given back (delivered again), and the automatic assignment.
    Portfolio.objects.filter(pk=submitted.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    assert services.given_back_review_reassign(review_id=withdrawn.pk) == []
    assert services.reviewers_assign_auto(submission=submitted) == []
    assert not submitted.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()


def test_the_closure_locks_the_open_reviews_first_and_the_profiles_before_it_writes(
    submitted,  # noqa: F811
):
    with CaptureQueriesContext(connection) as queries:
        account_close(user=_candidate(submitted), password=PASSWORD)
    sent = queries.captured_queries
    reviews = _first(
        sent,
        lambda sql: (
            sql.startswith("SELECT")
            and 'FROM "portfolios_reviewassignment"' in sql
            and (connection.vendor != "postgresql" or "FOR UPDATE" in sql)
        ),
    )
    versions = _first(sent, _lock_of("portfolios_submission", "portfolio_id"))
    profiles = _first(sent, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql)
    withdrawn = _first(
        sent, lambda sql: sql.startswith("UPDATE") and '"portfolios_reviewassignment"' in sql
    )
    assert reviews < versions < profiles < withdrawn, [q["sql"][:120] for q in sent]


def test_a_review_given_between_the_reviews_lock_and_the_versions_is_taken_again(
    submitted,  # noqa: F811
    staff,
    monkeypatch,
):
    """The open reviews read first miss one (as if staff gave it between that lock and the
    versions'): the versions' read finds it, the locks are taken again from the start, and it is
    withdrawn with the others."""
    from certify.portfolios.services import person_locks

    reads, original = [], person_locks._open_reviews_lock

    def stale_first(portfolios):
        found = original(portfolios)
        reads.append(found)
        return found[1:] if len(reads) == 1 else found

    monkeypatch.setattr(person_locks, "_open_reviews_lock", stale_first)
    account_close(user=_candidate(submitted), password=PASSWORD)
    assert len(reads) == 2
    assert set(submitted.assignments.values_list("status", flat=True)) == {"withdrawn"}


# --- The closure and staff adding a reviewer at the same moment (PostgreSQL) --------------------


def _one_place_left(program, staff):
    """Ada's version with Abe on it and one place left; Bea is free to be added."""
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    version = _version(program, "Ada First")
    Portfolio.objects.filter(pk=version.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    services.reviewer_assign(submission=version, reviewer=abe, actor=staff)
    return version, bea


def _run(errors):
    def run(call):
        try:
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    return run


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_staff_adding_a_reviewer_while_the_account_closes(lsscp, staff, monkeypatch):
    """Staff hold the version, Bea's review written, past the moment the closure starts: the
    closure waits at the version, then finds Bea's review and withdraws it with Abe's."""
    version, bea = _one_place_left(lsscp, staff)
    candidate = _candidate(version)
    written, original = threading.Event(), review._assign

    def assign_slowly(**kwargs):
        made = original(**kwargs)
        if threading.current_thread().name == "staff":
            written.set()
            time.sleep(1.5)  # the closure starts meanwhile and waits at the version
        return made

    monkeypatch.setattr(review, "_assign", assign_slowly)
    errors: list[BaseException] = []
    run = _run(errors)
    adding = threading.Thread(
        name="staff",
        target=run,
        args=(lambda: services.reviewer_assign(submission=version, reviewer=bea, actor=staff),),
    )
    closing = threading.Thread(
        target=run, args=(lambda: account_close(user=candidate, password=PASSWORD),)
    )
    adding.start()
    assert written.wait(timeout=10)
    closing.start()
    for thread in (adding, closing):
        thread.join(timeout=30)
    assert errors == []
    assert not User.objects.get(pk=candidate.pk).is_active
    # Bea's review, given while the closure waited, ended with Abe's; she is told.
    assert list(version.assignments.order_by("pk").values_list("reviewer", "status")) == [
        (version.assignments.order_by("pk").first().reviewer_id, "withdrawn"),
        (bea.pk, "withdrawn"),
    ]
    assert Notification.objects.filter(recipient=bea, event=REVIEWER_EVENT).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_account_closing_while_staff_add_a_reviewer(lsscp, staff, monkeypatch):
    """The closure holds its locks, Abe's review withdrawn, while staff add Bea: staff wait at
    the version, then are refused in words; nobody reviews the closed account's version."""
    version, bea = _one_place_left(lsscp, staff)
    candidate = _candidate(version)
    withdrawn, original = threading.Event(), privacy.closed_candidate_reviews_withdraw

    def withdraw_slowly(**kwargs):
        made = original(**kwargs)
        withdrawn.set()
        time.sleep(1.5)  # staff press meanwhile and wait at the version
        return made

    monkeypatch.setattr(privacy, "closed_candidate_reviews_withdraw", withdraw_slowly)
    errors: list[BaseException] = []
    run = _run(errors)
    closing = threading.Thread(
        target=run, args=(lambda: account_close(user=candidate, password=PASSWORD),)
    )
    adding = threading.Thread(
        target=run,
        args=(lambda: services.reviewer_assign(submission=version, reviewer=bea, actor=staff),),
    )
    closing.start()
    assert withdrawn.wait(timeout=10)
    adding.start()
    for thread in (closing, adding):
        thread.join(timeout=30)
    assert [str(e) for e in errors] == [CLOSED]
    assert isinstance(errors[0], DomainError)
    assert not version.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()
    assert not version.assignments.filter(reviewer=bea).exists()


def test_the_api_refuses_staff_in_the_same_words(
    client,
    submitted,  # noqa: F811
    staff,
):
    account_close(user=_candidate(submitted), password=PASSWORD)
    client.force_login(staff)
    base = f"/api/v1/staff/portfolios/submissions/{submitted.pk}/reviewers"
    by_hand = client.post(base, {"reviewer_id": _spare().pk}, content_type="application/json")
    pressed = client.post(f"{base}/automatic", {"picked": []}, content_type="application/json")
    for answer in (by_hand, pressed):
        assert answer.status_code == 400, answer.text
        assert answer.json()["detail"] == CLOSED
    assert not submitted.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()


def test_the_staff_page_says_once_at_the_top_that_nobody_reviews_it_now(
    client,
    submitted,  # noqa: F811
    staff,
):
    page = reverse("portfolios:staff_submission", args=[submitted.pk])
    client.force_login(staff)
    shown = escape(CLOSED)  # as the page writes it (its apostrophe escaped)
    assert shown not in client.get(page).text  # an open account: no such word
    account_close(user=_candidate(submitted), password=PASSWORD)
    text = client.get(page).text
    top = text.index(shown)
    assert top < text.index("<h2>Reviewers</h2>")
