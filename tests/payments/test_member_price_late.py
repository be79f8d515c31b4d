"""A membership of the program's member organization confirmed after the enrollment invoice was
issued at the full price (ADR 0042, amended). Issued invoices never change: an unpaid one with
no payment under way is voided by Certify and replaced at the member price (one notice to the
candidate); one paid, part-paid, being paid by card or carrying a scholarship credit stands,
and program staff are told what to do (refund the difference, shown on the invoice page and in
the API). The amounts come from the program's fees (`FEES`), never typed here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.core.money import Money
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.notifications.models import Notification
from certify.payments.models import CheckoutSession, CreditNote, Invoice, InvoiceLine
from certify.payments.services import invoice_add_credit, invoice_refund, payment_record
from certify.payments.services.member_price import (
    enrollment_member_price_apply,
    member_price_after_confirmation,
)
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, FULL, MEMBER, checkout_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def ala(db):
    return Organisation.objects.get(code="ALA")


@pytest.fixture
def late(candidate, ala):
    """Recorded after the invoice was issued, waiting for staff."""
    return MembershipFactory(
        user=candidate, organisation=ala, member_number="ALA-77", status="pending"
    )


def _confirm(membership, staff, capture):
    with capture(execute=True):
        membership_confirm(membership=membership, actor=staff)


def _notices(user, event):
    return list(Notification.objects.filter(recipient=user, event=event))


def test_an_unpaid_invoice_is_replaced_at_the_member_price(
    invoice, late, candidate, staff, django_capture_on_commit_callbacks
):
    assert invoice.total == FULL
    Notification.objects.all().delete()  # the first invoice's notice
    _confirm(late, staff, django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    new = Invoice.objects.get(replaces=invoice)
    assert (invoice.status, new.status, new.total) == ("void", "open", MEMBER)
    discount = new.lines.get(kind=InvoiceLine.Kind.MEMBER_DISCOUNT)
    assert "ALA-77" in discount.description
    assert discount.amount_cents == -DIFFERENCE.cents
    note = CreditNote.objects.get(invoice=invoice)
    assert note.reason == (
        "The ALA membership (member no. ALA-77) was confirmed after this invoice was issued: "
        "the member price applies."
    )
    # One notice, naming both invoices; no separate "new invoice" notice.
    [told] = Notification.objects.filter(recipient=candidate)
    assert told.event == "payment.member_price"
    assert told.title == f"Invoice {new.code} at the member price replaces {invoice.code}"
    assert (
        f"Invoice {invoice.code} is void and is replaced by invoice {new.code} for "
        f"{MEMBER.with_cents()}" in told.body
    )
    assert told.link == new.get_absolute_url()
    assert _notices(staff, "payment.member_price_late") == []


def test_the_candidate_and_the_api_are_sent_to_the_replacement(
    client, invoice, late, candidate, staff, django_capture_on_commit_callbacks
):
    _confirm(late, staff, django_capture_on_commit_callbacks)
    new = Invoice.objects.get(replaces=invoice)
    client.force_login(candidate)
    page = client.get(invoice.get_absolute_url()).text
    assert new.code in page
    answer = client.get(f"/api/v1/payments/invoices/{invoice.code}").json()
    assert (answer["status"], answer["replaced_by"]) == ("void", new.code)
    assert client.get(f"/api/v1/payments/invoices/{new.code}").json()["total_cents"] == MEMBER.cents


def test_asking_twice_replaces_once(invoice, late, staff, django_capture_on_commit_callbacks):
    _confirm(late, staff, django_capture_on_commit_callbacks)
    new = Invoice.objects.get(replaces=invoice)
    assert enrollment_member_price_apply(invoice=new) == ""
    assert enrollment_member_price_apply(invoice=invoice) == ""  # void now
    assert Invoice.objects.filter(user=invoice.user).count() == 2


def test_a_paid_invoice_stands_and_staff_are_told_to_refund_the_difference(
    client, invoice, late, candidate, staff, django_capture_on_commit_callbacks
):
    recorder = UserFactory(roles=["program_staff"])
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    _confirm(late, staff, django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    assert (invoice.status, Invoice.objects.filter(replaces=invoice).exists()) == ("paid", False)
    [told] = _notices(recorder, "payment.member_price_late")
    assert (
        f"It was paid in full before, so it stands: refund the difference of "
        f"{DIFFERENCE.with_cents()} from "
        "the invoice's page if the program agrees."
    ) in told.body
    assert "(member no. ALA-77)" in told.body
    assert _notices(candidate, "payment.member_price") == []
    # Confirmed again later (after a change of date): staff are not told twice.
    Membership.objects.filter(pk=late.pk).update(status="pending")
    _confirm(Membership.objects.get(pk=late.pk), staff, django_capture_on_commit_callbacks)
    assert len(_notices(recorder, "payment.member_price_late")) == 1

    client.force_login(recorder)
    page = client.get(invoice.get_absolute_url()).text
    assert f"refund the {DIFFERENCE.with_cents()} paid beyond the member price below" in page
    assert f'value="{DIFFERENCE.cents / 100:.2f}"' in page  # the refund form offers it
    api = f"/api/v1/payments/invoices/{invoice.code}"
    assert client.get(api).json()["member_price_refundable_cents"] == DIFFERENCE.cents
    client.force_login(candidate)
    assert (
        "Program staff have been told and may refund the"
        in client.get(invoice.get_absolute_url()).text
    )

    invoice_refund(invoice=invoice, amount=DIFFERENCE, reason="Member price", actor=recorder)
    invoice.refresh_from_db()
    assert invoice.status == "paid"  # a part refund: still paid, at the member price
    assert client.get(api).json()["member_price_refundable_cents"] == 0
    assert "paid beyond the member price" not in client.get(invoice.get_absolute_url()).text


def test_a_card_checkout_under_way_is_not_broken(
    invoice, late, staff, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    session = checkout_open(invoice)
    CheckoutSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() + timedelta(minutes=30)
    )
    _confirm(late, staff, django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    session.refresh_from_db()
    assert (invoice.status, session.status, session.next_attempt_at) == ("open", "open", None)
    [told] = _notices(staff, "payment.member_price_late")
    assert "A card payment of it was under way, so it was left as it is" in told.body


def test_an_ended_checkout_does_not_hold_the_member_price_back(
    invoice, late, staff, django_capture_on_commit_callbacks
):
    session = checkout_open(invoice)
    CheckoutSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    _confirm(late, staff, django_capture_on_commit_callbacks)
    assert Invoice.objects.get(replaces=invoice).total == MEMBER


def test_a_part_paid_invoice_or_one_with_a_credit_is_left_to_staff(
    program, candidate, ala, staff, django_capture_on_commit_callbacks
):
    from certify.payments.api import enrollment_invoice_get_or_create

    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    invoice_add_credit(
        invoice=invoice, amount=Money(10000), description="SSD award", source="award:1", actor=None
    )
    membership = MembershipFactory(user=candidate, organisation=ala, status="pending")
    _confirm(membership, staff, django_capture_on_commit_callbacks)
    assert not Invoice.objects.filter(replaces=invoice).exists()
    [told] = _notices(staff, "payment.member_price_late")
    assert "It carries a scholarship credit, so it was not replaced" in told.body

    other = UserFactory(roles=["candidate"])
    second = enrollment_invoice_get_or_create(user=other, program=program, actor=other)
    payment_record(invoice=second, amount=Money(5000), method="cheque", reference="C", actor=staff)
    assert enrollment_member_price_apply(invoice=second) == ""  # not a member
    MembershipFactory(user=other, organisation=ala)
    assert enrollment_member_price_apply(invoice=second) == "told"
    assert Invoice.objects.get(pk=second.pk).status == "open"


def test_a_refused_or_other_organizations_membership_changes_nothing(
    invoice, late, candidate, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership_reject(membership=late, actor=staff, reason="Unknown number")
    ssd = MembershipFactory(user=candidate, organisation=Organisation.objects.get(code="SSD"))
    assert member_price_after_confirmation(membership_id=ssd.pk) == []
    assert member_price_after_confirmation(membership_id=late.pk) == []  # refused
    assert Invoice.objects.filter(user=candidate).count() == 1
    assert _notices(staff, "payment.member_price_late") == []


def test_an_invoice_with_the_member_price_already_is_left_alone(
    program, candidate, ala, staff, django_capture_on_commit_callbacks
):
    from certify.payments.api import enrollment_invoice_get_or_create

    membership = MembershipFactory(user=candidate, organisation=ala)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert invoice.total == MEMBER
    Membership.objects.filter(pk=membership.pk).update(status="pending")
    _confirm(Membership.objects.get(pk=membership.pk), staff, django_capture_on_commit_callbacks)
    assert Invoice.objects.filter(user=candidate).count() == 1
