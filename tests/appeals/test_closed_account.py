"""An open appeal ends when its appellant's account is closed (the closure) or deactivated (an
administrator, `account.deactivated`): Certify's `end` move, its reason in the outcome and the
audit trail, nothing sent to the appellant; staff's list and the staff home leave it out, its
page and the API say why it can no longer be decided (ADR 0006, ADR 0007)."""

import importlib
import threading
import time

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.person_locks import _LOCKS
from certify.accounts.privacy import account_close
from certify.accounts.services import account_deactivate
from certify.appeals.ended import (
    CLOSED,
    DEACTIVATED,
    appellant_appeals_lock,
    deactivated_appeals_end,
)
from certify.appeals.models import Appeal
from certify.appeals.selectors import appeal_counts, appeal_list, appeals_waiting
from certify.appeals.staff_work import appeal_cards
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios.models import ReviewAssignment, Submission
from certify.portfolios.services.person_locks import candidate_reviewers_lock
from tests.appeals.test_appeals import _notice, rejected  # noqa: F401  (`rejected`: a fixture)
from tests.factories import PASSWORD, UserFactory

# The portfolios' fixtures, for an appeal of a final "not met" (a verdict of version 2).
from tests.portfolios.conftest import (  # noqa: F401
    _clean_private_storage,
    complete_portfolio,
    enrolled,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_deactivated_account import appealed  # noqa: F401
from tests.portfolios.test_reviewer_access import first  # noqa: F401

migration = importlib.import_module("certify.appeals.migrations.0003_ended")


def _candidate(appeal: Appeal) -> User:
    return User.objects.get(pk=appeal.appellant_id)


def _words(text: str) -> str:
    return " ".join(text.replace("&#x27;", "'").split())


def _sent_to(person: User) -> list:
    return [m for m in mail.outbox if person.email in m.to]


def _left_out(appeal: Appeal) -> None:
    """Not on staff's list (any chip), not counted there nor on the staff home's cards."""
    assert not appeal_list().filter(pk=appeal.pk).exists()
    for status in ("notice", "grounds"):
        assert not appeal_list(status=status).filter(pk=appeal.pk).exists()
    assert appeal_counts() == {}
    to_decide, to_give, due = appeals_waiting()
    assert (to_decide.count, to_give.count, due) == (0, 0, None)
    cards = {card.key: card.count for card in appeal_cards(UserFactory())}
    assert cards == {"appeals-to-decide": 0, "appeals-notice": 0}


def test_the_closure_ends_an_open_portfolio_appeal_and_tells_nobody(
    appealed,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    appeal, second = appealed
    candidate = _candidate(appeal)
    assert appeal_list().filter(pk=appeal.pk).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=candidate, password=PASSWORD)

    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.status, appeal.outcome_reason) == (Appeal.Status.ENDED, CLOSED)
    assert appeal.outcome_at is not None
    assert appeal.reviewer is None
    audit = AuditEvent.objects.get(verb="appeal.ended", target_id=str(appeal.pk))
    assert (audit.actor, audit.reason) == (None, CLOSED)
    assert audit.data["from"] == "grounds"
    assert audit.data["via"] == "system"
    assert not Notification.objects.filter(recipient=candidate).exists()
    assert not [m for m in mail.outbox if "appeal" in m.subject.lower()]
    _left_out(appeal)

    # The appeal's page says why; deciding it is refused in words, on the page and the API.
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(staff)
    page = client.get(reverse("appeals:review", args=[appeal.pk]))
    assert page.status_code == 200
    assert CLOSED in _words(page.text)
    assert "Record the outcome" not in page.text
    refused = f"This appeal can no longer be decided. {CLOSED}"
    for outcome in ("uphold", "send_back"):
        decide = {"outcome": outcome, "reason": "Reassess with the video."}
        posted = client.post(reverse("appeals:review", args=[appeal.pk]), decide)
        assert posted.status_code == 400
        assert refused in _words(posted.text)
        api = client.post(
            f"/api/v1/staff/appeals/{appeal.pk}/decision", decide, content_type="application/json"
        )
        assert api.status_code == 400
        assert refused in api.json()["detail"]
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.ENDED
    second = Submission.objects.get(pk=second.pk)
    assert (second.outcome, second.review_round) == ("failed", 1)
    assert not second.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()


def test_the_closure_ends_an_application_appeal_waiting_for_its_grounds(
    rejected,  # noqa: F811
):
    appeal = _notice(rejected)
    account_close(user=rejected.candidate, password=PASSWORD)
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.status, appeal.outcome_reason) == (Appeal.Status.ENDED, CLOSED)
    assert AuditEvent.objects.get(verb="appeal.ended").data["from"] == "notice"
    _left_out(appeal)


def test_a_decided_appeal_stays_as_it_was_decided(rejected):  # noqa: F811
    from certify.appeals.services import appeal_decide, appeal_submit_grounds

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])  # not the one who rejected it

    appeal = _notice(rejected)
    appeal_submit_grounds(
        appeal=appeal, actor=rejected.candidate, grounds="Paid hours at a public library."
    )
    appeal_decide(appeal=appeal, actor=staff, uphold=True, reason="Volunteer work.")
    account_close(user=rejected.candidate, password=PASSWORD)
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.status, appeal.outcome_reason) == (Appeal.Status.UPHELD, "Volunteer work.")
    assert not AuditEvent.objects.filter(verb="appeal.ended").exists()


def test_a_deactivation_ends_the_appeal_when_its_event_is_delivered(
    appealed,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    appeal, _ = appealed
    candidate = _candidate(appeal)
    mail.outbox.clear()
    before = Notification.objects.filter(recipient=candidate).count()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        account_deactivate(user=candidate, actor=staff)
    # Before the event is delivered the appeal is open, and already off staff's list.
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.GROUNDS_SUBMITTED
    _left_out(appeal)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in pending:
            callback()
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.status, appeal.outcome_reason) == (Appeal.Status.ENDED, DEACTIVATED)
    audit = AuditEvent.objects.get(verb="appeal.ended", target_id=str(appeal.pk))
    assert (audit.actor, audit.reason) == (None, DEACTIVATED)
    assert Notification.objects.filter(recipient=candidate).count() == before
    assert not _sent_to(candidate)
    # Opened again: the appeal stays ended (history), and off the list; the decision stands.
    User.objects.filter(pk=candidate.pk).update(is_active=True)
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.ENDED
    _left_out(appeal)


def test_an_account_opened_again_before_the_event_keeps_its_appeal(
    appealed,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    appeal, _ = appealed
    candidate = _candidate(appeal)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        account_deactivate(user=candidate, actor=staff)
    User.objects.filter(pk=candidate.pk).update(is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in pending:
            callback()
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.GROUNDS_SUBMITTED
    assert appeal_list().filter(pk=appeal.pk).exists()
    assert not AuditEvent.objects.filter(verb="appeal.ended").exists()


def test_upholding_in_the_gap_sends_nothing_to_the_deactivated_appellant(
    appealed,  # noqa: F811
    staff,
):
    """A deactivation whose event is not delivered yet: the appeal may still be upheld, and
    the appellant, who cannot sign in, is not e-mailed."""
    from certify.appeals.services import appeal_decide

    appeal, _ = appealed
    candidate = _candidate(appeal)
    account_deactivate(user=candidate, actor=staff)
    mail.outbox.clear()
    appeal_decide(appeal=appeal, actor=staff, uphold=True, reason="The evidence was read.")
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.UPHELD
    assert not Notification.objects.filter(recipient=candidate, event="appeal.updated").exists()
    assert not _sent_to(candidate)


@pytest.mark.database_free
def test_the_appeals_are_locked_before_portfolios_rows():
    """ADR 0007's order: `appeal_decide` takes its appeal, then the send-back takes the
    version; the closure takes the appellant's appeals first, then portfolios' rows."""
    assert _LOCKS.index(appellant_appeals_lock) < _LOCKS.index(candidate_reviewers_lock)


def test_the_closure_reads_the_appeals_before_any_portfolio_row(appealed):  # noqa: F811
    appeal, _ = appealed
    with CaptureQueriesContext(connection) as queries:
        account_close(user=_candidate(appeal), password=PASSWORD)
    sql = [q["sql"] for q in queries.captured_queries]
    appeals = next(i for i, s in enumerate(sql) if 'FROM "appeals_appeal"' in s)
    portfolios = next(i for i, s in enumerate(sql) if '"portfolios_' in s)
    assert appeals < portfolios, sql[: appeals + 1]


def test_the_migration_ends_open_appeals_of_accounts_closed_before_it(
    rejected,  # noqa: F811
    appealed,  # noqa: F811
):
    closed_appeal = _notice(rejected)
    deactivated_appeal, _ = appealed
    migration.end_open_appeals_of_closed_accounts(apps, None)  # both accounts active: open
    assert not Appeal.objects.filter(status=Appeal.Status.ENDED).exists()
    closed = rejected.candidate
    User.objects.filter(pk=closed.pk).update(
        is_active=False, email=f"closed-{closed.pk}@closed.invalid"
    )
    User.objects.filter(pk=deactivated_appeal.appellant_id).update(is_active=False)
    migration.end_open_appeals_of_closed_accounts(apps, None)
    ended = {a.pk: a for a in Appeal.objects.filter(status=Appeal.Status.ENDED)}
    assert ended[closed_appeal.pk].outcome_reason == CLOSED
    assert ended[deactivated_appeal.pk].outcome_reason == DEACTIVATED
    audits = AuditEvent.objects.filter(verb="appeal.ended")
    assert {a.target_id for a in audits} == {str(closed_appeal.pk), str(deactivated_appeal.pk)}
    assert {a.data["from"] for a in audits} == {"notice", "grounds"}
    # The migration's words are the service's.
    assert (migration.CLOSED, migration.DEACTIVATED) == (CLOSED, DEACTIVATED)


def test_an_account_opened_again_cannot_appeal_the_same_decision_again(
    rejected,  # noqa: F811
    client,
):
    from certify.appeals.services import ENDED_BEFORE

    appeal = _notice(rejected)
    account_deactivate(user=rejected.candidate, actor=None)
    deactivated_appeals_end(appellant_id=rejected.candidate_id)
    User.objects.filter(pk=rejected.candidate_id).update(is_active=True)
    with pytest.raises(DomainError, match="appealed once"):
        _notice(rejected)
    client.force_login(User.objects.get(pk=rejected.candidate_id))
    api = client.post(f"/api/v1/appeals/applications/{rejected.pk}")
    assert api.status_code == 400
    assert ENDED_BEFORE in api.json()["detail"]
    assert list(Appeal.objects.filter(subject_id=rejected.pk)) == [appeal]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_closure_while_staff_send_the_verdict_back(appealed, monkeypatch):  # noqa: F811
    """Staff hold the appeal (decided, the send-back not yet begun) past the moment the closure
    starts: the closure waits at the appeal, its first lock, while the send-back takes the
    version; then it finds the appeal decided and ends the new round's reviews. Locking the
    portfolio's rows first and the appeal last deadlocked with it."""
    from certify.appeals import services as appeal_services

    appeal, second = appealed
    candidate = _candidate(appeal)
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    label = "portfolios.submission"
    decided, original = threading.Event(), appeal_services._SENT_BACK[label]

    def send_back_slowly(**kwargs):
        decided.set()
        time.sleep(1.5)  # the closure starts meanwhile and waits at the appeal
        return original(**kwargs)

    monkeypatch.setitem(appeal_services._SENT_BACK, label, send_back_slowly)
    errors: list[BaseException] = []

    def run(call):
        try:
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    deciding = threading.Thread(
        target=run,
        args=(
            lambda: appeal_services.appeal_decide(
                appeal=appeal, actor=staff, uphold=False, reason="Reassess with the video."
            ),
        ),
    )
    closing = threading.Thread(
        target=run, args=(lambda: account_close(user=candidate, password=PASSWORD),)
    )
    deciding.start()
    assert decided.wait(timeout=10)
    closing.start()
    for thread in (deciding, closing):
        thread.join(timeout=30)
    assert errors == []
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.SENT_BACK
    assert not User.objects.get(pk=candidate.pk).is_active
    second = Submission.objects.get(pk=second.pk)
    assert second.review_round == 2
    assert not second.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).exists()
