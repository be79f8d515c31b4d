"""Card refunds reach Stripe after the decision, in a background task (ADR 0052): the decision
commits whatever Stripe does; a try that may pass is tried again with backoff; after the last
try the refund could not be sent and staff are told; no try ever refunds twice. Stripe is faked
at the HTTP boundary (`tests/payments/fake_stripe.py`), so the stripe library's own code runs."""

import logging
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent, Event
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.models import Refund
from certify.payments.services import (
    invoice_refund,
    refund_retry,
    refund_send,
    refunds_due_send,
)
from certify.payments.services.refunds import BACKOFF, MAX_ATTEMPTS, NO_KEYS
from tests.factories import UserFactory
from tests.payments.conftest import card_paid

S = Refund.Status


@pytest.fixture
def paid_by_card(invoice):
    card_paid(invoice)
    return invoice


def _refund(invoice, staff, capture, cents=35000) -> Refund:
    with capture(execute=True):
        (refund,) = invoice_refund(
            invoice=invoice, amount=Money(cents), reason="Not eligible", actor=staff
        )
    refund.refresh_from_db()
    return refund


def _later(refund, capture) -> Refund:
    """The frequent job runs once the refund's wait is over."""
    with capture(execute=True):
        refunds_due_send(now=refund.next_attempt_at + timedelta(seconds=1))
    refund.refresh_from_db()
    return refund


def test_the_decision_commits_while_stripe_is_down_and_the_refund_is_sent_when_it_is_back(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["down"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    paid_by_card.refresh_from_db()
    assert paid_by_card.status == "refunded"  # the decision stands
    assert (refund.status, refund.attempts, refund.retrying) == (S.PENDING, 1, True)
    assert refund.failure == "Stripe could not be reached, or did not answer in time."
    assert refund.next_attempt_at > timezone.now() + BACKOFF[0] - timedelta(seconds=5)
    assert fake_stripe.refunds == {}
    # Not due yet: the job leaves it alone.
    assert refunds_due_send(now=timezone.now()) == 0
    refund = _later(refund, django_capture_on_commit_callbacks)
    (made,) = fake_stripe.refunds.values()
    assert (refund.status, refund.stripe_refund_id, refund.attempts) == (S.SENT, made["id"], 2)
    assert (refund.failure, refund.sent_at is not None) == ("", True)
    assert made["amount"] == 35000
    assert made["metadata"]["certify_refund"] == str(refund.idempotency_key)
    assert Event.objects.filter(name="refund.sent").count() == 1


def test_a_stripe_that_fails_then_succeeds_refunds_once_with_one_key(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["down", "broken", "busy", "ok"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    for _ in range(3):
        assert refund.status == S.PENDING
        refund = _later(refund, django_capture_on_commit_callbacks)
    assert (refund.status, refund.attempts) == (S.SENT, 4)
    assert len(fake_stripe.refunds) == 1
    keys = {key for method, _, key in fake_stripe.creates}
    assert keys == {f"certify-refund-{refund.idempotency_key}"}


def test_a_refund_stripe_made_but_whose_answer_was_lost_is_not_made_again(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["timeout"]  # Stripe refunds the card; the answer never arrives
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    assert (refund.status, len(fake_stripe.refunds)) == (S.PENDING, 1)
    refund = _later(refund, django_capture_on_commit_callbacks)
    (made,) = fake_stripe.refunds.values()
    assert (refund.status, refund.stripe_refund_id) == (S.SENT, made["id"])
    assert len(fake_stripe.creates) == 1  # it looked first and found it: no second POST
    paid_by_card.refresh_from_db()
    assert paid_by_card.refunded_cents == 35000


def test_stripes_idempotency_key_alone_also_stops_a_second_refund(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks, monkeypatch
):
    """Even without the look-up, a second try with the same key gets the first refund back."""
    from certify.payments.services import refunds

    monkeypatch.setattr(refunds, "_already_made", lambda refund, intent: None)
    fake_stripe.script = ["timeout"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    refund = _later(refund, django_capture_on_commit_callbacks)
    assert refund.status == S.SENT
    assert len(fake_stripe.creates) == 2
    assert len(fake_stripe.refunds) == 1


def test_after_the_last_try_the_refund_could_not_be_sent_and_staff_are_told(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks, caplog
):
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    fake_stripe.script = ["down"] * MAX_ATTEMPTS
    with caplog.at_level(logging.WARNING, logger="certify.payments.services.refunds"):
        refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
        for _ in range(MAX_ATTEMPTS - 1):
            refund = _later(refund, django_capture_on_commit_callbacks)
    assert (refund.status, refund.attempts, refund.next_attempt_at) == (
        S.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    assert fake_stripe.refunds == {}
    told = Notification.objects.filter(event="payment.refund_failed")
    assert set(told.values_list("recipient", flat=True)) == {staff.pk, other_staff.pk}
    assert paid_by_card.user_id not in set(told.values_list("recipient", flat=True))
    # The full error is logged, and only plain words are kept for people.
    assert "203.0.113.9" in caplog.text
    assert "203.0.113.9" not in refund.failure
    assert AuditEvent.objects.filter(verb="refund.failed").count() == 1
    assert refunds_due_send(now=timezone.now() + timedelta(days=2)) == 0  # nothing more tried


def test_an_answer_that_trying_again_cannot_change_fails_at_once(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["error:charge_already_refunded"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    assert (refund.status, refund.attempts) == (S.FAILED, 1)
    assert refund.failure.startswith("Stripe says this card payment was already refunded")
    assert "Raw detail" not in refund.failure


def test_staff_try_a_failed_refund_again_and_it_is_sent(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["error:resource_missing"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    assert refund.status == S.FAILED
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        refund_retry(refund=refund, actor=other_staff)
    refund.refresh_from_db()
    assert (refund.status, len(fake_stripe.refunds)) == (S.SENT, 1)
    with pytest.raises(DomainError):  # a sent refund is not tried again
        refund_retry(refund=refund, actor=other_staff)


def test_with_no_stripe_keys_the_decision_still_commits_and_the_refund_says_why(
    paid_by_card, staff, fake_stripe, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    assert (refund.status, refund.failure) == (S.FAILED, NO_KEYS)
    assert fake_stripe.calls == []


def test_a_decision_that_rolls_back_sends_nothing(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    def decide_then_fail():
        with transaction.atomic():
            invoice_refund(invoice=paid_by_card, amount=Money(100), reason="x", actor=staff)
            raise RuntimeError("the decision failed after the refund")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        decide_then_fail()
    assert (Refund.objects.count(), fake_stripe.calls) == (0, [])


def test_a_try_being_made_elsewhere_is_not_made_twice(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["down"]
    refund = _refund(paid_by_card, staff, django_capture_on_commit_callbacks)
    due = refund.next_attempt_at + timedelta(seconds=1)
    Refund.objects.filter(pk=refund.pk).update(claimed_at=due)  # a worker is asking Stripe
    assert refund_send(refund_id=refund.pk, now=due).attempts == 1
    assert len(fake_stripe.calls) == 1
    # A claim older than the stuck limit was a worker that died: it is taken again.
    later = due + timedelta(minutes=16)
    assert refund_send(refund_id=refund.pk, now=later).status == S.SENT


def test_offline_refunds_are_sent_when_recorded(invoice, staff, fake_stripe):
    from certify.payments.services import payment_record

    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="1", actor=staff
    )
    (refund,) = invoice_refund(invoice=invoice, amount=Money(500), reason="x", actor=staff)
    assert (refund.status, refund.sent_at is not None, fake_stripe.calls) == (S.SENT, True, [])


def test_one_stripe_refund_belongs_to_one_refund_row(
    paid_by_card, staff, fake_stripe, django_capture_on_commit_callbacks
):
    first = _refund(paid_by_card, staff, django_capture_on_commit_callbacks, cents=100)
    (second,) = invoice_refund(invoice=paid_by_card, amount=Money(100), reason="y", actor=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Refund.objects.filter(pk=second.pk).update(stripe_refund_id=first.stripe_refund_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        Refund.objects.filter(pk=second.pk).update(idempotency_key=first.idempotency_key)
