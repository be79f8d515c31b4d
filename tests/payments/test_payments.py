from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.api import (
    enrollment_fee_refund,
    enrollment_invoice_get_or_create,
    enrollment_is_settled,
    invoice_add_credit,
    invoice_is_settled,
    invoice_refund,
)
from certify.payments.models import Payment, Refund
from certify.payments.services import payment_record
from tests.days import TOMORROW, dated
from tests.payments.conftest import card_paid


def _pay(invoice, staff, cents=None, **kwargs):
    values = {"method": "cheque", "reference": "CHQ 1001", "actor": staff}
    invoice.refresh_from_db()
    return payment_record(
        invoice=invoice,
        amount=Money(cents if cents is not None else invoice.balance_cents),
        **{**values, **kwargs},
    )


def _state(invoice):
    invoice.refresh_from_db()
    return invoice.status, invoice.total_cents, invoice.net_paid_cents, invoice.balance_cents


def test_an_offline_payment_settles_the_invoice(invoice, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        payment = _pay(invoice, staff, method="purchase_order", reference="PO-77")
    assert invoice_is_settled(invoice=invoice)
    assert payment.recorded_by == staff
    assert (payment.method, payment.reference) == ("purchase_order", "PO-77")
    assert mail.outbox[-1].subject == "Receipt for your payment of $350.00"


def test_a_part_payment_leaves_the_rest_owed(invoice, staff):
    _pay(invoice, staff, 10000)
    assert _state(invoice) == ("open", 35000, 10000, 25000)
    _pay(invoice, staff, 25000, reference="CHQ 1002")
    assert _state(invoice)[0] == "paid"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"cents": 35001}, "amount", "more than the \\$350.00 still owed"),
        ({"cents": 0}, "amount", "greater than zero"),
        ({"reference": " "}, "reference", "Enter the check number."),
        ({"method": "card"}, "method", "check, purchase order or institutional"),
        ({"received_on": TOMORROW}, "received_on", "future"),
    ],
)
def test_bad_offline_payments_are_refused_and_change_nothing(
    invoice, staff, kwargs, field, message
):
    with pytest.raises(DomainError, match=message) as error:
        _pay(invoice, staff, **dated(kwargs))
    assert error.value.field == field
    assert _state(invoice) == ("open", 35000, 0, 35000)
    assert not Payment.objects.exists()


def test_a_settled_invoice_takes_no_more_payments(invoice, staff):
    _pay(invoice, staff)
    with pytest.raises(DomainError, match="nothing is left to pay"):
        _pay(invoice, staff, 100)
    assert Payment.objects.count() == 1


def test_a_full_refund_reverses_the_invoice(invoice, staff):
    _pay(invoice, staff)
    refunds = invoice_refund(
        invoice=invoice, amount=Money(35000), reason="Withdrew before starting", actor=staff
    )
    assert [r.amount_cents for r in refunds] == [35000]
    assert _state(invoice) == ("refunded", 0, 0, 0)
    assert not invoice_is_settled(invoice=invoice)
    assert invoice.lines.filter(kind="refund_credit").get().amount_cents == -35000


def test_a_partial_refund_keeps_the_invoice_settled_and_owes_nothing(invoice, staff):
    _pay(invoice, staff)
    invoice_refund(invoice=invoice, amount=Money(2500), reason="Member price", actor=staff)
    assert _state(invoice) == ("paid", 32500, 32500, 0)
    invoice_refund(invoice=invoice, amount=Money(32500), reason="Withdrew", actor=staff)
    assert _state(invoice)[0] == "refunded"


def test_a_refund_returns_an_overpayment_first(
    invoice, staff, fake_stripe, django_capture_on_commit_callbacks
):
    _pay(invoice, staff)
    with mock.patch("certify.payments.services.payments.tell"):
        card_paid(invoice, intent="pi_late", cents=35000)
    assert _state(invoice) == ("paid", 35000, 70000, -35000)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_refund(invoice=invoice, amount=Money(35000), reason="Paid twice", actor=staff)
    assert [r["payment_intent"] for r in fake_stripe.refunds.values()] == ["pi_late"]
    assert _state(invoice) == ("paid", 35000, 35000, 0)


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Money(35001), "at most \\$350.00"), (Money(-5), "greater than zero")],
)
def test_refunding_more_than_was_paid_is_refused(invoice, staff, amount, message):
    _pay(invoice, staff)
    with pytest.raises(DomainError, match=message):
        invoice_refund(invoice=invoice, amount=amount, reason="Oops", actor=staff)
    assert _state(invoice) == ("paid", 35000, 35000, 0)
    assert not Refund.objects.exists()


def test_a_refund_needs_a_reason_an_amount_and_something_paid(invoice, staff):
    with pytest.raises(DomainError, match="Nothing has been paid"):
        invoice_refund(invoice=invoice, amount=Money(100), reason="Why not", actor=staff)
    _pay(invoice, staff)
    with pytest.raises(DomainError, match="Say why"):
        invoice_refund(invoice=invoice, amount=Money(100), reason="", actor=staff)
    # No amount is not "everything": it is refused, saying what may be refunded.
    with pytest.raises(DomainError, match=r"Enter the amount to refund, up to \$350\.00\.$") as e:
        invoice_refund(invoice=invoice, amount=None, reason="Withdrew", actor=staff)
    assert e.value.field == "amount"
    assert not Refund.objects.exists()
    invoice_refund(invoice=invoice, amount=Money(35000), reason="Withdrew", actor=staff)
    with pytest.raises(DomainError, match="already been refunded"):
        invoice_refund(invoice=invoice, amount=Money(100), reason="Again", actor=staff)


def test_an_ineligible_applicants_fee_is_refunded_in_one_call(candidate, program, staff):
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    _pay(invoice, staff)
    refunds = enrollment_fee_refund(
        user=candidate, program=program, reason="Not eligible: 900 hours", actor=staff
    )
    assert sum(r.amount_cents for r in refunds) == 35000
    assert not enrollment_is_settled(user=candidate, program=program)
    assert _state(invoice)[0] == "refunded"
    # A later application gets a fresh invoice with the next number.
    again = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert again.pk != invoice.pk
    assert again.number == invoice.number + 1


def test_refunding_an_unpaid_enrollment_fee_does_nothing(candidate, program, staff, invoice):
    assert enrollment_fee_refund(user=candidate, program=program, reason="x", actor=staff) == []
    other = enrollment_fee_refund(user=staff, program=program, reason="x", actor=staff)
    assert other == []
    assert _state(invoice) == ("open", 35000, 0, 35000)


def test_refunding_a_scholarship_part_paid_invoice_returns_only_the_money(invoice, staff):
    invoice_add_credit(
        invoice=invoice, amount=Money(20000), description="SSD", source="award:1", actor=None
    )
    _pay(invoice, staff)
    refunds = enrollment_fee_refund(
        user=invoice.user, program=invoice.program, reason="Not eligible", actor=staff
    )
    assert sum(r.amount_cents for r in refunds) == 15000
    assert _state(invoice) == ("refunded", 0, 0, 0)


def test_card_payments_are_refunded_through_stripe(
    invoice, staff, fake_stripe, django_capture_on_commit_callbacks
):
    card_paid(invoice)
    with django_capture_on_commit_callbacks(execute=True):
        refunds = invoice_refund(
            invoice=invoice, amount=Money(1000), reason="Goodwill", actor=staff
        )
    (made,) = fake_stripe.refunds.values()
    assert (made["payment_intent"], made["amount"]) == ("pi_card", 1000)
    refunds[0].refresh_from_db()
    assert (refunds[0].status, refunds[0].stripe_refund_id) == ("sent", made["id"])


def test_the_same_offline_payment_posted_twice_is_recorded_once(client, invoice, staff):
    """A double click on "Record payment", or the same cheque entered in two tabs, would count
    the money twice on a part payment: the same method, reference, amount and day of receipt on
    an invoice is refused the second time, in words, with nothing changed."""
    _pay(invoice, staff, 10000, reference="CHQ 1001")
    with pytest.raises(DomainError, match="CHQ 1001 is already recorded on invoice") as twice:
        _pay(invoice, staff, 10000, reference=" chq 1001 ")
    assert twice.value.field == "reference"
    assert _state(invoice) == ("open", 35000, 10000, 25000)

    client.force_login(staff)
    form = {
        "method": "cheque",
        "amount": "100",
        "reference": "CHQ 1001",
        "received_on": timezone.localdate().isoformat(),
    }
    page = client.post(reverse("payments:payment_record", args=[invoice.code]), form)
    assert page.status_code == 400
    assert "CHQ 1001 is already recorded on invoice" in page.text
    assert Payment.objects.count() == 1

    # A second instalment under the same purchase order differs in amount or day: recorded.
    _pay(invoice, staff, 5000, reference="CHQ 1001")
    assert _state(invoice) == ("open", 35000, 15000, 20000)
