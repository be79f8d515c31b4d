"""The bad inputs staff really make recording a check or purchase order: each refused with 400,
the reason beside the field in plain words, what was typed in the form again, no payment
recorded and the invoice as it was; the same form sent twice records one payment."""

import pytest
from django.urls import reverse

from certify.payments.models import Payment
from tests.bad_input import beside, kept, no_jargon
from tests.days import InDays, dated

TYPED = {
    "method": "purchase_order",
    "amount": "350",
    "reference": "PO-2026-17",
    "received_on": InDays(-2),
    "note": "Posted by the library",
}

# (what staff did, the fields changed, the field refused, the words beside it)
CASES = [
    ("no amount", {"amount": ""}, "amount", "Enter the amount received."),
    ("a negative amount", {"amount": "-350"}, "amount", "greater than zero"),
    ("no reference", {"reference": ""}, "reference", "Enter the check, purchase order"),
    ("a reference far too long", {"reference": "P" * 120}, "reference", "Shorten this to 100"),
    ("a way of paying not offered", {"method": "bitcoin"}, "method", "Choose one of the options"),
    ("a date in words", {"received_on": "last Tuesday"}, "received_on", "year-month-day"),
]


@pytest.mark.parametrize(("case", "changed", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_payment_says_why_and_keeps_what_was_typed(
    client, staff, invoice, case, changed, field, words
):
    client.force_login(staff)
    typed = dated({**TYPED, **changed}, iso=True)
    status = invoice.status

    response = client.post(reverse("payments:payment_record", args=[invoice.code]), typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    for name, value in typed.items():
        if name != field:
            kept(response.text, name, value)
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == status


def test_a_payment_sent_twice_is_recorded_once(client, staff, invoice):
    client.force_login(staff)
    url = reverse("payments:payment_record", args=[invoice.code])
    typed = dated(TYPED, iso=True)
    client.post(url, typed)
    second = client.post(url, typed)  # the button pressed again
    assert second.status_code in (302, 400, 409)
    no_jargon(second.text)
    assert Payment.objects.filter(invoice=invoice).count() == 1
