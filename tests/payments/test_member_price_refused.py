"""A membership refused after the enrollment invoice was given the member price (ADR 0042,
amended): the member price no longer applies. An unpaid invoice with nothing under way is voided
by Certify and replaced at the full price (one notice naming both invoices and both amounts); a
paid one stands and a second invoice asks for the difference; otherwise staff are told. The
amounts come from the program's fees (`FEES`), never typed here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.core.money import Money
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.notifications.models import Notification
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import CheckoutSession, CreditNote, Invoice, InvoiceLine
from certify.payments.services import invoice_add_credit, payment_record
from certify.payments.services.full_price import (
    enrollment_full_price_apply,
    full_price_after_refusal,
)
from certify.payments.services.invoices import PAYMENT_TERMS_DAYS
from certify.programs.api import program_today
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, FULL, MEMBER, checkout_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(candidate):
    return MembershipFactory(
        user=candidate, organisation=Organisation.objects.get(code="ALA"), member_number="ALA-9"
    )


@pytest.fixture
def member_invoice(membership, candidate, program):
    """Issued at the member price: the membership was confirmed and current."""
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert invoice.total == MEMBER
    return invoice


def _refuse(membership, staff, capture):
    with capture(execute=True):
        membership_reject(membership=membership, actor=staff, reason="No such member number")


def _notices(user, event):
    return list(Notification.objects.filter(recipient=user, event=event))


def test_an_unpaid_invoice_is_replaced_at_the_full_price(
    member_invoice, membership, candidate, staff, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()  # the first invoice's notice
    _refuse(membership, staff, django_capture_on_commit_callbacks)
    member_invoice.refresh_from_db()
    new = Invoice.objects.get(replaces=member_invoice)
    assert (member_invoice.status, new.status, new.total) == ("void", "open", FULL)
    assert not new.lines.filter(kind=InvoiceLine.Kind.MEMBER_DISCOUNT).exists()
    assert CreditNote.objects.get(invoice=member_invoice).reason == (
        "The ALA membership (member no. ALA-9) was not confirmed: the full price applies."
    )
    # One notice naming both invoices and both amounts; no separate "new invoice" notice.
    [told] = Notification.objects.filter(recipient=candidate)
    assert told.event == "payment.full_price"
    assert told.title == f"Invoice {new.code} at the full price replaces {member_invoice.code}"
    assert (
        f"Invoice {member_invoice.code} for {MEMBER.with_cents()} is void and is replaced by "
        f"invoice "
        f"{new.code} for {FULL.with_cents()}, the full price"
    ) in told.body
    assert told.link == new.get_absolute_url()
    # Asked again (the event delivered twice): nothing more (the replacement is at full price).
    assert full_price_after_refusal(membership_id=membership.pk) == [""]
    assert enrollment_full_price_apply(invoice=member_invoice, membership=membership) == ""


def test_a_paid_invoice_stands_and_the_difference_is_invoiced(
    client, member_invoice, membership, candidate, staff, django_capture_on_commit_callbacks
):
    recorder = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=member_invoice, amount=MEMBER, method="cheque", reference="C1", actor=recorder
    )
    Notification.objects.filter(recipient=candidate).delete()
    _refuse(membership, staff, django_capture_on_commit_callbacks)
    member_invoice.refresh_from_db()
    assert member_invoice.status == "paid"
    extra = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=candidate)
    assert (extra.status, extra.total) == ("open", DIFFERENCE)
    today = program_today(member_invoice.program)
    assert extra.due_on == today + timedelta(days=PAYMENT_TERMS_DAYS)  # the usual terms
    [told] = Notification.objects.filter(recipient=candidate)
    assert told.event == "payment.full_price"
    assert (
        f"Invoice {member_invoice.code}, which you paid at the member price "
        f"({MEMBER.with_cents()}), stands; "
        f"invoice {extra.code} asks for the {DIFFERENCE.with_cents()} difference to the full price"
    ) in told.body
    # Twice: one difference invoice.
    assert enrollment_full_price_apply(invoice=member_invoice, membership=membership) == ""
    assert Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE).count() == 1
    client.force_login(candidate)
    page = client.get(extra.get_absolute_url())
    assert page.status_code == 200
    assert str(DIFFERENCE) in page.text

    # Confirmed again (the number was right after all): the unpaid difference is voided.
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=Membership.objects.get(pk=membership.pk), actor=staff)
    extra.refresh_from_db()
    assert extra.status == "void"
    assert "was confirmed: the member price applies" in extra.credit_note.reason


def test_a_card_payment_under_way_is_left_and_staff_told(
    member_invoice, membership, staff, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    session = checkout_open(member_invoice)
    CheckoutSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() + timedelta(minutes=30)
    )
    _refuse(membership, staff, django_capture_on_commit_callbacks)
    member_invoice.refresh_from_db()
    assert member_invoice.status == "open"
    [told] = _notices(staff, "payment.full_price_late")
    assert "A card payment of it was under way, so it was left as it is" in told.body
    assert "re-price the invoice at the full price" in told.body


def test_a_part_paid_invoice_is_billed_the_difference_once_paid(
    member_invoice, membership, candidate, staff, django_capture_on_commit_callbacks
):
    recorder = UserFactory(roles=["program_staff"])
    half = Money(MEMBER.cents // 2)
    payment_record(
        invoice=member_invoice, amount=half, method="cheque", reference="A", actor=recorder
    )
    _refuse(membership, staff, django_capture_on_commit_callbacks)
    [told] = _notices(recorder, "payment.full_price_late")
    assert (
        f"once it is paid in full, Certify invoices the difference of {DIFFERENCE.with_cents()}"
        in told.body
    )
    assert not Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE).exists()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            invoice=member_invoice,
            amount=Money(MEMBER.cents - half.cents),
            method="cheque",
            reference="B",
            actor=recorder,
        )
    extra = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=candidate)
    assert extra.total == DIFFERENCE


def test_a_credit_holds_the_invoice_back(
    member_invoice, membership, staff, django_capture_on_commit_callbacks
):
    invoice_add_credit(
        invoice=member_invoice,
        amount=Money(10000),
        description="SSD award",
        source="award:1",
        actor=None,
    )
    _refuse(membership, staff, django_capture_on_commit_callbacks)
    assert not Invoice.objects.filter(replaces=member_invoice).exists()
    [told] = _notices(staff, "payment.full_price_late")
    assert "It carries a scholarship credit, so it was not replaced" in told.body


def test_what_the_refusal_does_not_touch(
    program, candidate, membership, staff, django_capture_on_commit_callbacks
):
    """A full-price invoice, a price staff corrected, a membership confirmed again before the
    event is handled, and another organization's refusal change nothing."""
    other = UserFactory(roles=["candidate"])
    full = enrollment_invoice_get_or_create(user=other, program=program, actor=other)
    refused = MembershipFactory(
        user=other, organisation=Organisation.objects.get(code="ALA"), status="rejected"
    )
    assert full_price_after_refusal(membership_id=refused.pk) == [""]
    assert full.total == FULL

    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    # Still confirmed (refused, then confirmed again before the worker ran): nothing.
    assert enrollment_full_price_apply(invoice=invoice, membership=membership) == ""
    ssd = MembershipFactory(
        user=candidate, organisation=Organisation.objects.get(code="SSD"), status="rejected"
    )
    assert full_price_after_refusal(membership_id=ssd.pk) == []
    assert Invoice.objects.filter(user=candidate).count() == 1
