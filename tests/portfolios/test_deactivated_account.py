"""An account an administrator deactivates (the admin's "Active" box, `account_deactivate`; ADR
0007): the open reviews of its portfolios end as at the candidate's own closure (withdrawn,
reviewers told, nobody assigned), and the reviews it had open as a reviewer go back as at a
reviewer role's end (to the next eligible reviewer, or to staff, told why). An appeal of a
closed or deactivated account's verdict cannot send it back for a review nobody would do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.services import account_deactivate
from certify.appeals.api import appeal_give_notice, appeal_submit_grounds
from certify.appeals.models import Appeal
from certify.core.models import AuditEvent, Event
from certify.notifications.models import Notification
from certify.portfolios import services
from certify.portfolios.automatic_reviewers import NOT_ENOUGH
from certify.portfolios.models import ReviewAssignment, ReviewerProfile, Submission
from certify.portfolios.selectors import reviewer_queue, submission_list_for_staff
from certify.portfolios.services.closed_candidate import (
    ENDED_DEACTIVATED,
    REVIEWER_EVENT,
    SENT_BACK_CLOSED,
)
from certify.portfolios.services.deactivated import (
    GIVEN_BACK,
    deactivated_candidate_reviews_withdraw,
    deactivated_reviewer_reviews_withdraw,
)
from certify.portfolios.services.given_back import IN_PLACE, STAFF_EVENT
from tests.factories import UserFactory
from tests.portfolios.conftest import _rate
from tests.portfolios.test_person_lock_order import _lock_of
from tests.portfolios.test_reviewer_access import (  # noqa: F401  (`first`: a fixture)
    OWN_COMMENT,
    _more_evidence,
    first,
)
from tests.portfolios.test_version_lock_order import _first
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def _candidate(submission) -> User:
    return User.objects.get(pk=submission.portfolio.planned_set.application.candidate_id)


def _spare() -> ReviewerProfile:
    return ReviewerProfile.objects.get(user__full_name="Rosa Rater")


def _admin_uncheck_active(client, person: User, *, actor: User):
    """The admin's change form, posted as it reads with "Active" unchecked."""
    client.force_login(actor)
    fields = {
        "email": person.email,
        "full_name": person.full_name,
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    if person.is_staff:
        fields["is_staff"] = "on"
    return client.post(reverse("admin:accounts_user_change", args=[person.pk]), fields)


def test_a_superuser_deactivating_a_candidate_in_the_admin_ends_their_reviews(
    submitted,  # noqa: F811
    staff,
    client,
    django_capture_on_commit_callbacks,
):
    boss = UserFactory(is_superuser=True, is_staff=True)
    candidate = _candidate(submitted)
    reviewers = {a.reviewer_id for a in submitted.assignments.all()}
    with django_capture_on_commit_callbacks(execute=True):  # the events delivered
        answer = _admin_uncheck_active(client, candidate, actor=boss)
    assert answer.status_code == 302, answer.context["adminform"].form.errors

    assert not User.objects.get(pk=candidate.pk).is_active
    done = AuditEvent.objects.get(verb="account.deactivated")
    assert (done.actor, done.target_id) == (boss, str(candidate.pk))
    assert set(submitted.assignments.values_list("status", flat=True)) == {"withdrawn"}
    for assignment in submitted.assignments.all():
        assert not reviewer_queue(reviewer=assignment.reviewer).filter(pk=assignment.pk).exists()
    ended = AuditEvent.objects.filter(verb="portfolio.review_ended", target_id=str(submitted.pk))
    assert {e.reason for e in ended} == {ENDED_DEACTIVATED}
    assert {e.data["reviewer"] for e in ended} == reviewers
    # Each reviewer is told, in words that do not say the candidate closed it; nobody takes over.
    told = Notification.objects.filter(event=REVIEWER_EVENT)
    assert set(told.values_list("recipient", flat=True)) == reviewers
    for notice in told:
        assert "an administrator deactivated its candidate's account" in notice.body
        assert "closed their account" not in notice.body
    assert submitted.assignments.count() == 2
    assert not Notification.objects.filter(event="review.assigned", recipient=_spare().user)
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()
    assert not submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    # Opened again: the version waits for staff to choose its reviewers.
    User.objects.filter(pk=candidate.pk).update(is_active=True)
    assert submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    added = services.reviewer_assign(submission=submitted, reviewer=_spare().user, actor=staff)
    assert added.status == ReviewAssignment.Status.ASSIGNED


def test_a_deactivated_reviewers_open_review_goes_to_the_next_eligible_reviewer(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    leaving, staying = submitted.assignments.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        assert account_deactivate(user=leaving.reviewer, actor=staff) is True

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert staying.status == ReviewAssignment.Status.ASSIGNED
    given = AuditEvent.objects.get(verb="portfolio.needs_reviewers", target_id=str(submitted.pk))
    assert (given.reason, given.data["withdrawn"]) == (GIVEN_BACK, leaving.pk)
    taken = submitted.assignments.get(status=ReviewAssignment.Status.ASSIGNED, pk__gt=staying.pk)
    assert taken.reviewer == _spare().user
    assert taken.automatic
    assert taken.assigned_by is None
    assert AuditEvent.objects.filter(reason=IN_PLACE, target_id=str(submitted.pk)).exists()
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()


def test_staff_are_told_when_nobody_may_take_a_deactivated_reviewers_review(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    leaving = submitted.assignments.order_by("pk").first()
    ReviewerProfile.objects.filter(pk=_spare().pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=leaving.reviewer, actor=staff)

    entries = AuditEvent.objects.filter(
        verb="portfolio.needs_reviewers", target_id=str(submitted.pk)
    ).order_by("pk")
    assert [e.reason for e in entries] == [GIVEN_BACK, NOT_ENOUGH]
    assert submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    told = Notification.objects.filter(event=STAFF_EVENT)
    assert staff.pk in set(told.values_list("recipient", flat=True))
    assert {n.title for n in told} == {
        "A review needs another reviewer: its reviewer's account was deactivated"
    }
    assert leaving.reviewer_id not in set(told.values_list("recipient", flat=True))


def test_nothing_is_withdrawn_once_the_account_is_active_again_or_twice(
    submitted,  # noqa: F811
    staff,
):
    assignment = submitted.assignments.order_by("pk").first()
    reviewer, candidate = assignment.reviewer, _candidate(submitted)
    account_deactivate(user=reviewer, actor=staff)  # the event not delivered yet
    account_deactivate(user=candidate, actor=staff)
    assert Event.objects.filter(name="account.deactivated").count() == 2
    User.objects.filter(pk__in=[reviewer.pk, candidate.pk]).update(is_active=True)
    assert deactivated_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == []
    assert deactivated_candidate_reviews_withdraw(candidate_id=candidate.pk) == []
    assert set(submitted.assignments.values_list("status", flat=True)) == {"assigned"}
    # Deactivated again and delivered twice: the second run finds nothing open.
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    assert deactivated_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == [assignment]
    assert deactivated_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == []
    # An account inactive already (closed, or deactivated before) publishes nothing more.
    assert account_deactivate(user=reviewer, actor=staff) is False
    assert Event.objects.filter(name="account.deactivated").count() == 2


def test_the_candidates_reviews_are_locked_in_the_closures_order_before_they_end(
    submitted,  # noqa: F811
    staff,
):
    candidate = _candidate(submitted)
    User.objects.filter(pk=candidate.pk).update(is_active=False)
    with CaptureQueriesContext(connection) as queries:
        deactivated_candidate_reviews_withdraw(candidate_id=candidate.pk)
    sent = queries.captured_queries

    def locks(table):
        return lambda sql: (
            sql.startswith("SELECT")
            and f'FROM "{table}"' in sql
            and (connection.vendor != "postgresql" or "FOR UPDATE" in sql)
        )

    reviews = _first(sent, locks("portfolios_reviewassignment"))
    versions = _first(sent, _lock_of("portfolios_submission", "portfolio_id"))
    profiles = _first(sent, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql)
    withdrawn = _first(
        sent, lambda sql: sql.startswith("UPDATE") and '"portfolios_reviewassignment"' in sql
    )
    assert reviews < versions < profiles < withdrawn, [q["sql"][:120] for q in sent]
    assert set(submitted.assignments.values_list("status", flat=True)) == {"withdrawn"}


# --- An appeal of a closed account's verdict -----------------------------------------------------


@pytest.fixture
def appealed(first):  # noqa: F811
    """Version 2 not met (final), its appeal's grounds given, waiting for a decision."""
    portfolio = _more_evidence(first)
    candidate = portfolio.planned_set.application.candidate
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in second.assignments.all():
        _rate(assignment, ["partial"] * 9, comment=OWN_COMMENT)
    second.refresh_from_db()
    assert second.outcome == "failed"
    appeal = appeal_give_notice(
        subject=second,
        appellant=candidate,
        program=portfolio.planned_set.application.program,
        decided_by=None,
        decided_at=second.decided_at,
    )
    appeal_submit_grounds(appeal=appeal, actor=candidate, grounds="My video was not opened.")
    return appeal, second


def test_an_appeal_cannot_send_a_closed_accounts_verdict_back(appealed, client):
    """Before the deactivation's event ends the appeal (`appeals.ended`; the closure ends it in
    its own transaction: tests/appeals/test_closed_account.py)."""
    appeal, second = appealed
    candidate = _candidate(second)
    account_deactivate(user=candidate, actor=None)  # the event not delivered yet
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(staff)
    decide = {"outcome": "send_back", "reason": "Reassess with the video."}
    page = client.post(reverse("appeals:review", args=[appeal.pk]), decide)
    assert page.status_code == 400
    assert SENT_BACK_CLOSED in " ".join(page.text.replace("&#x27;", "'").split())
    api = client.post(
        f"/api/v1/staff/appeals/{appeal.pk}/decision", decide, content_type="application/json"
    )
    assert api.status_code == 400
    assert SENT_BACK_CLOSED in api.text
    # Nothing written: the verdict stands, the round is the same, nobody assigned or told.
    second = Submission.objects.get(pk=second.pk)
    assert (second.outcome, second.review_round) == ("failed", 1)
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.GROUNDS_SUBMITTED
    assert not second.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()
    # Upholding it still can be done.
    upheld = client.post(
        reverse("appeals:review", args=[appeal.pk]),
        {"outcome": "uphold", "reason": "The account is closed."},
    )
    assert upheld.status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.UPHELD
