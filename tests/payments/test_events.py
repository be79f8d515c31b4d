"""The invoice workflow announces "invoice.paid" once per invoice (Certify's `settle` move),
from every way an invoice is paid, and "invoice.refunded" when a full refund cancels it (staff's
`refund` move); never from a rolled-back transaction."""

import pytest
from django.db import transaction

from certify.core.models import Event
from certify.core.money import Money
from certify.payments.services import invoice_add_credit, invoice_refund, payment_record
from tests.payments.conftest import event, intent_object, post_event, session_object


def _announced(name="invoice.paid"):
    return list(Event.objects.filter(name=name).values_list("payload", flat=True))


def _payload(invoice, *, move="settle", actor=None):
    return {
        "invoice_id": invoice.pk,
        "kind": "enrollment",
        "subject": "",
        "user_id": invoice.user_id,
        "program_id": invoice.program_id,
        "actor_id": actor.pk if actor else None,
        "move": move,
    }


def test_a_recorded_payment_that_pays_the_rest_announces_it_once(invoice, staff):
    payment_record(
        invoice=invoice, amount=Money(10000), method="cheque", reference="1", actor=staff
    )
    assert _announced() == []  # partly paid
    payment_record(
        invoice=invoice, amount=Money(25000), method="cheque", reference="2", actor=staff
    )
    assert _announced() == [_payload(invoice)]


def test_a_card_payment_announces_it_once_however_often_stripe_calls(
    client, invoice, checkout, stripe_on
):
    body = event("checkout.session.completed", session_object(invoice))
    post_event(client, body)
    post_event(client, body)  # the same event again
    post_event(client, event("payment_intent.succeeded", intent_object(invoice)))
    assert _announced() == [_payload(invoice)]


def test_a_card_payment_after_an_offline_one_does_not_announce_again(
    client, invoice, checkout, staff, stripe_on
):
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="1", actor=staff
    )
    post_event(client, event("checkout.session.completed", session_object(invoice, amount=35000)))
    assert len(_announced()) == 1


def test_a_credit_covering_the_rest_announces_it(invoice):
    invoice_add_credit(
        invoice=invoice, amount=Money(20000), description="SSD", source="award:1", actor=None
    )
    assert _announced() == []
    invoice_add_credit(
        invoice=invoice, amount=Money(15000), description="CE", source="award:2", actor=None
    )
    assert _announced() == [_payload(invoice)]


def test_a_rolled_back_payment_announces_nothing(
    invoice, staff, django_capture_on_commit_callbacks
):
    @transaction.atomic
    def pay_then_fail() -> None:
        payment_record(
            invoice=invoice, amount=Money(35000), method="cheque", reference="1", actor=staff
        )
        raise RuntimeError("something later in the same transaction failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        pay_then_fail()
    assert _announced() == []
    assert callbacks == []
    invoice.refresh_from_db()
    assert invoice.status == "open"


def test_a_full_refund_announces_the_refund_once_and_a_partial_one_nothing(invoice, staff):
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="1", actor=staff
    )
    invoice_refund(invoice=invoice, reason="Part back.", actor=staff, amount=Money(5000))
    assert _announced("invoice.refunded") == []
    invoice_refund(invoice=invoice, reason="The rest.", actor=staff, amount=Money(30000))
    assert _announced("invoice.refunded") == [_payload(invoice, move="refund", actor=staff)]
    assert len(_announced()) == 1  # paid once, never again
