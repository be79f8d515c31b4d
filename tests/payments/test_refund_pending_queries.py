"""The staff invoice list's "Refund pending" filter reads its rows in the same queries however
many there are, on the page (and its CSV) and through `GET /api/v1/staff/payments/invoices
?status=refund_pending`: both kinds of invoice it lists grow, a void one with money paid on it and
one a card paid more than its total, of different kinds and people."""

import pytest
from django.urls import reverse

from certify.core.money import Money
from certify.payments.api import (
    course_approval_invoice_create,
    enrollment_invoice_get_or_create,
    invoice_void_rest,
)
from certify.payments.services import payment_record
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.payments.conftest import card_paid

pytestmark = pytest.mark.django_db

PAGE = reverse("payments:staff_invoices") + "?status=refund_pending"
API = "/api/v1/staff/payments/invoices?status=refund_pending"


def _grow(program, staff, n):
    """`n` invoices holding money to refund of each kind: a void enrollment invoice with a check
    paid on it, and a course approval fee a card paid twice over."""
    made = []
    for _ in range(n):
        held = enrollment_invoice_get_or_create(user=UserFactory(), program=program, actor=None)
        payment_record(
            invoice=held, amount=Money(5000), method="cheque", reference="C", actor=staff
        )
        invoice_void_rest(invoice=held, reason="No longer owed.", actor=staff)
        overpaid = course_approval_invoice_create(
            provider=UserFactory(roles=["provider"]),
            program=program,
            course_title=f"Course {held.pk}",
            actor=None,
        )
        card_paid(overpaid, intent=f"pi_{held.pk}", cents=20000)  # its fee is $100
        made += [held.code, overpaid.code]
    return made


@pytest.mark.parametrize("url", [PAGE, PAGE + "&format=csv", API])
def test_the_refund_pending_filter_reads_as_many_rows_in_the_same_queries(
    client, staff, program, url
):
    owing = enrollment_invoice_get_or_create(user=UserFactory(), program=program, actor=None)
    client.force_login(staff)
    codes = _grow(program, staff, 1)
    few = count_queries(lambda: client.get(url))
    codes += _grow(program, staff, 3)
    assert count_queries(lambda: client.get(url)) == few
    body = client.get(url)
    text = body.content.decode()
    if url == API:
        assert sorted(i["code"] for i in body.json()["items"]) == sorted(codes)
    else:
        assert all(code in text for code in codes)
    assert owing.code not in text  # the filter, not the whole list
