"""A credit note of an invoice voided with money on it (`invoice_void_rest`, ADR 0041) says what
happened to that money, as it stands when shown: held for staff to refund, part refunded,
being refunded by card, refunded; for a withdrawn course's fee, that staff decide first whether
an evaluation already done is owed. Never "refunded" before it is."""

import pytest

from certify.core.money import Money
from certify.payments.api import HELD_FOR_STAFF
from certify.payments.models import CreditNote, Invoice, Payment, Refund
from certify.payments.services import invoice_refund, invoice_void_rest, payment_record

pytestmark = pytest.mark.django_db


def _note(invoice) -> CreditNote:
    return CreditNote.objects.select_related("invoice").get(invoice=invoice)


def test_the_words_follow_the_money(client, invoice, staff, candidate):
    payment_record(
        invoice=invoice, amount=Money(10000), method="cheque", reference="C", actor=staff
    )
    invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    assert _note(invoice).held_words == (
        "the $100.00 paid before the void is not canceled: it is held on this invoice until "
        "program "
        "staff refund it"
    )
    invoice_refund(invoice=invoice, reason="Part back.", actor=staff, amount=Money(4000))
    assert _note(invoice).held_words == (
        "of the $100.00 paid before the void, $40.00 was refunded and $60.00 is not canceled: "
        "it is held "
        "on this invoice until program staff refund it"
    )
    invoice_refund(invoice=invoice, reason="The rest.", actor=staff, amount=Money(6000))
    assert _note(invoice).held_words == "the $100.00 paid before the void was refunded"
    client.force_login(candidate)
    page = client.get(invoice.get_absolute_url()).text
    assert "(the $100.00 paid before the void was refunded)" in page
    assert "refunded instead" not in page


def test_a_card_refund_on_its_way_is_said_so(invoice, staff):
    payment = payment_record(
        invoice=invoice, amount=Money(10000), method="cheque", reference="C", actor=staff
    )
    Payment.objects.filter(pk=payment.pk).update(method="card", stripe_payment_intent="pi_1")
    invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    invoice_refund(invoice=invoice, reason="Back.", actor=staff, amount=Money(10000))
    assert Refund.objects.get().status == "pending"  # Stripe has not answered yet
    assert _note(invoice).held_words == "the $100.00 paid before the void is being refunded by card"


def test_nothing_paid_before_the_void_says_nothing(invoice, staff):
    from certify.payments.services import invoice_void

    invoice_void(invoice=invoice, reason="Sent in error.", actor=staff)
    assert _note(invoice).held_words == ""


def test_a_withdrawn_courses_fee_waits_for_staffs_decision(invoice, staff):
    Invoice.objects.filter(pk=invoice.pk).update(kind=Invoice.Kind.COURSE_APPROVAL)
    payment_record(invoice=invoice, amount=Money(4000), method="cheque", reference="C", actor=staff)
    note = invoice_void_rest(
        invoice=invoice, reason="The course was withdrawn.", actor=staff, held_words=HELD_FOR_STAFF
    )
    assert note.reason == (
        "The course was withdrawn. The $40.00 already paid on it is not canceled: program staff "
        "decide whether it is owed for an evaluation already done, and refund the rest."
    )
    assert _note(invoice).held_words == (
        "the $40.00 paid before the void is not canceled: program staff decide whether it is owed "
        "for an evaluation already done, and refund the rest"
    )
