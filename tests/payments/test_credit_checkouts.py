"""A credit put on an invoice (or taken back) changes what is owed: a card checkout opened for the
old amount must not take it. The decision marks the open sessions to be expired at Stripe after
commit; a payment for the old amount that arrives all the same is kept, and program staff are
told to refund what was paid over."""

from unittest import mock

import pytest
from django.db import transaction

from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.api import invoice_add_credit, invoice_remove_credit
from certify.payments.models import CheckoutSession
from tests.payments.conftest import card_paid, checkout_open

KEY = "sk_test_not_a_real_key"


def _credit(invoice, cents=20000):
    return invoice_add_credit(
        invoice=invoice, amount=Money(cents), description="SSD award", source="award:7", actor=None
    )


def _marked(session) -> bool:
    session.refresh_from_db()
    return session.status == CheckoutSession.Status.OPEN and session.next_attempt_at is not None


@pytest.mark.parametrize("cents", [20000, 35000])  # part of the fee, and all of it (settled)
def test_a_credit_expires_the_checkout_opened_for_the_old_amount_after_commit(
    settings, invoice, cents, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = KEY
    session = checkout_open(invoice)
    with mock.patch("stripe.checkout.Session.expire") as expire:
        with django_capture_on_commit_callbacks(execute=False) as after_commit:
            _credit(invoice, cents)
        assert _marked(session)
        expire.assert_not_called()  # not while the decision's transaction is open
        for callback in after_commit:
            callback()
    expire.assert_called_once_with(session.stripe_session_id, api_key=KEY)
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED


def test_taking_a_credit_back_expires_the_checkout_opened_for_the_smaller_amount(
    settings, invoice, staff
):
    settings.STRIPE_SECRET_KEY = KEY
    _credit(invoice)
    session = checkout_open(invoice)  # for the $150 left
    assert not _marked(session)
    invoice_remove_credit(invoice=invoice, source="award:7", reason="Withdrawn", actor=staff)
    assert _marked(session)


def test_nothing_is_marked_when_the_credit_is_refused(settings, invoice):
    settings.STRIPE_SECRET_KEY = KEY
    session = checkout_open(invoice)
    with pytest.raises(Exception, match="more than the"), transaction.atomic():
        _credit(invoice, 40000)
    assert not _marked(session)


def test_a_payment_for_the_old_amount_that_arrives_anyway_is_refund_pending_and_staff_told(
    settings, invoice, staff
):
    """Stripe had already taken the money (the tab was paid as the credit landed)."""
    settings.STRIPE_SECRET_KEY = KEY
    checkout_open(invoice)
    _credit(invoice)
    card_paid(invoice, cents=35000)
    assert (invoice.status, invoice.refund_pending_cents) == ("paid", 20000)
    notice = Notification.objects.get(event="payment.refund_pending", recipient=staff)
    assert invoice.code in notice.title
    assert "Refund the $200" in notice.body
