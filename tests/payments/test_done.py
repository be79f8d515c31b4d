"""The issue's "done when", end to end on the real LSSCP definition."""

from django.urls import reverse

from certify.core.money import Money
from certify.memberships.models import Organisation
from certify.payments.api import (
    enrollment_invoice_get_or_create,
    enrollment_is_settled,
    invoice_add_credit,
)
from tests.factories import MembershipFactory, UserFactory


def test_member_price_scholarship_offline_payment_refund_visible_to_all(client, lsscp, staff):
    member, other = UserFactory(full_name="Ana Member"), UserFactory(full_name="Nico Nonmember")
    MembershipFactory(user=member, organisation=Organisation.objects.get(code="ALA"))

    # An ALA member pays the member price, a non-member the full fee (the program's rules).
    member_invoice = enrollment_invoice_get_or_create(user=member, program=lsscp, actor=member)
    other_invoice = enrollment_invoice_get_or_create(user=other, program=lsscp, actor=other)
    assert (member_invoice.total, other_invoice.total) == (lsscp.member_fee, lsscp.enrollment_fee)

    # A scholarship credit lowers the balance.
    invoice_add_credit(
        invoice=other_invoice,
        amount=Money(20000),
        description="SSD scholarship",
        source="award:1",
        actor=None,
    )
    other_invoice.refresh_from_db()
    owed = lsscp.enrollment_fee - Money(20000)
    assert other_invoice.amount_due == owed

    # An offline payment settles the invoice (staff, on the invoice page).
    client.force_login(staff)
    client.post(
        reverse("payments:payment_record", args=[other_invoice.code]),
        {
            "method": "cheque",
            "amount": str(owed.cents / 100),
            "reference": "CHQ 2201",
            "received_on": "2026-11-20",
        },
    )
    assert enrollment_is_settled(user=other, program=lsscp)

    # A refund reverses it: the amount typed, what will happen confirmed, then the refund.
    other_invoice.refresh_from_db()
    typed = {"amount": str(owed.cents / 100), "reason": "Not eligible: too few hours"}
    confirm = client.get(reverse("payments:refund_confirm", args=[other_invoice.code]), typed)
    assert f"Yes, refund {owed}" in confirm.text
    client.post(
        reverse("payments:refund_create", args=[other_invoice.code]),
        {**typed, "refundable_seen": other_invoice.net_paid_cents},
    )
    assert not enrollment_is_settled(user=other, program=lsscp)

    # Staff see it all; so does the candidate, with a receipt.
    staff_page = client.get(other_invoice.get_absolute_url()).text
    assert "Not eligible: too few hours" in staff_page
    assert "CHQ 2201" in staff_page
    client.force_login(other)
    page = client.get(reverse("payments:list")).text
    assert other_invoice.code in page
    assert "Refunded" in page
    assert "Receipt R-" in page
    detail = client.get(other_invoice.get_absolute_url()).text
    assert "SSD scholarship" in detail
    assert "Not eligible: too few hours" in detail
    assert client.get(reverse("api-1:my_invoices")).json()["items"][0]["status"] == "refunded"
