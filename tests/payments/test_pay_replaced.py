"""Paying an invoice that was voided and replaced (re-priced or re-issued): the payer is pointed
to the invoice that replaces it, by its number and a link, and no money is taken on the void one
(card checkout, checks recorded by staff, a checkout opened before the void)."""

from unittest import mock

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.models import CheckoutSession, Invoice, Payment
from certify.payments.services import (
    checkout_session_create,
    invoice_reissue,
    invoice_reprice,
    payment_record,
)
from tests.payments.conftest import checkout_open

STAFF = "/api/v1/staff/payments"


def _reissued(invoice, staff):
    return invoice_reissue(invoice=invoice, reason="New due date.", actor=staff)


def test_pay_on_a_replaced_invoice_points_to_the_replacement_with_a_link(
    client, candidate, staff, invoice, stripe_on
):
    client.force_login(candidate)
    new = _reissued(invoice, staff)  # while the candidate's page was open
    with mock.patch("stripe.checkout.Session.create") as create:
        response = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
    create.assert_not_called()
    text = response.text
    assert (
        f"Invoice {invoice.code} was replaced by invoice {new.code}. Nothing was charged. "
        f"Pay invoice {new.code} instead."
    ) in text
    assert f'<a href="{new.get_absolute_url()}">Go to invoice {new.code}</a>' in text
    assert "has nothing left to pay" not in text
    assert not CheckoutSession.objects.exists()
    assert not Payment.objects.exists()


def test_a_replacement_replaced_again_points_to_the_last_one(candidate, staff, invoice, stripe_on):
    first = _reissued(invoice, staff)
    last = invoice_reprice(invoice=first, amount=Money(32500), reason="ALA member", actor=staff)
    with pytest.raises(DomainError, match=f"Pay invoice {last.code} instead."):
        checkout_session_create(
            invoice=invoice, actor=candidate, success_url="https://x/", cancel_url="https://x/"
        )


def test_a_replacement_already_paid_says_nothing_is_left(candidate, staff, invoice, stripe_on):
    new = _reissued(invoice, staff)
    payment_record(invoice=new, amount=Money(35000), method="cheque", reference="C", actor=staff)
    with pytest.raises(DomainError) as refused:
        checkout_session_create(
            invoice=invoice, actor=candidate, success_url="https://x/", cancel_url="https://x/"
        )
    assert refused.value.message == (
        f"Invoice {invoice.code} was replaced by invoice {new.code}. Nothing was charged. "
        f"Invoice {new.code} is paid: nothing is left to pay on it."
    )


def test_a_check_for_a_replaced_invoice_is_refused_naming_the_replacement(client, staff, invoice):
    new = _reissued(invoice, staff)
    client.force_login(staff)
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": 35000, "reference": "Check 7"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"Invoice {invoice.code} is void: invoice {new.code} replaces it. "
        f"Record the payment on invoice {new.code}."
    )
    page = client.post(
        reverse("payments:payment_record", args=[invoice.code]),
        {
            "method": "cheque",
            "amount": "350",
            "reference": "Check 7",
            "received_on": invoice.issued_on.isoformat(),
        },
    )
    assert page.status_code == 400
    assert f"Record the payment on invoice {new.code}." in page.text
    assert f'<a href="{new.get_absolute_url()}">Go to invoice {new.code}</a>' in page.text
    assert not Payment.objects.exists()


def test_the_api_names_the_replacement_of_a_void_invoice(client, candidate, staff, invoice):
    new = _reissued(invoice, staff)
    client.force_login(candidate)
    old = client.get(f"/api/v1/payments/invoices/{invoice.code}").json()
    assert (old["status"], old["replaced_by"]) == ("void", new.code)
    assert client.get(f"/api/v1/payments/invoices/{new.code}").json()["replaced_by"] is None


def test_a_checkout_opened_before_the_void_is_expired_at_stripe_after_commit(
    staff, invoice, stripe_on, django_capture_on_commit_callbacks
):
    session = checkout_open(invoice)
    with (
        mock.patch("stripe.checkout.Session.expire") as expire,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _reissued(invoice, staff)
    expire.assert_called_once_with(session.stripe_session_id, api_key="sk_test_not_a_real_key")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.VOID
