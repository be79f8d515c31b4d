"""The member price given at the moment a card checkout is being recorded (PostgreSQL row
locks, ADR 0042): either the checkout is recorded first and the invoice is left as it is (staff
told), or the invoice is replaced first and the checkout is refused naming the replacement,
before any money is taken. Never a recorded checkout on a void invoice."""

from types import SimpleNamespace

import pytest

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.memberships.models import Organisation
from certify.payments.models import CheckoutSession, Invoice
from certify.payments.services import enrollment_invoice_get_or_create
from certify.payments.services.member_price import enrollment_member_price_apply
from certify.payments.services.stripe import _checkout_plan, _checkout_record
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.payments.conftest import FEES
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(3))
def test_a_checkout_and_the_member_price_never_meet_on_a_void_invoice(attempt):
    program = ProgramFactory(short_name="LSSCP", **FEES)
    person = UserFactory()
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=None)
    plan = _checkout_plan(invoice, addresses="x")
    ala = Organisation.objects.get(code="ALA")
    MembershipFactory(user=person, organisation=ala)
    session = SimpleNamespace(id=f"cs_test_race_{attempt}", url="https://checkout.example/x")
    results, errors = at_once(
        lambda: enrollment_member_price_apply(invoice=invoice.pk),
        lambda: _checkout_record(plan, session, person),
    )
    invoice.refresh_from_db()
    recorded = CheckoutSession.objects.filter(invoice=invoice).exists()
    if invoice.status == Invoice.Status.VOID:
        assert not recorded
        [refused] = errors
        assert isinstance(refused, DomainError)
        assert Invoice.objects.get(replaces=invoice).total_cents == FEES["member_fee_cents"]
        assert results == ["repriced"]
    else:
        assert (invoice.status, recorded, errors) == (Invoice.Status.OPEN, True, [])
        assert "told" in results
        assert not Invoice.objects.filter(replaces=invoice).exists()


def _refused_member_invoice(attempt):
    from certify.memberships.models import Membership

    program = ProgramFactory(short_name="LSSCP", **FEES)
    person = UserFactory()
    ala = Organisation.objects.get(code="ALA")
    membership = MembershipFactory(user=person, organisation=ala)
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=None)
    assert invoice.total_cents == FEES["member_fee_cents"]
    Membership.objects.filter(pk=membership.pk).update(status="rejected")
    membership.refresh_from_db()
    return person, invoice, membership


@pytest.mark.parametrize("attempt", range(3))
def test_a_checkout_and_the_full_price_never_meet_on_a_void_invoice(attempt):
    """The member price taken back (a membership refused) as a checkout is recorded: the same
    lock order, the same outcome: recorded first and left to staff, or replaced first and the
    checkout refused."""
    from certify.payments.services.full_price import enrollment_full_price_apply

    person, invoice, membership = _refused_member_invoice(attempt)
    plan = _checkout_plan(invoice, addresses="x")
    session = SimpleNamespace(id=f"cs_test_full_{attempt}", url="https://checkout.example/x")
    results, errors = at_once(
        lambda: enrollment_full_price_apply(invoice=invoice.pk, membership=membership),
        lambda: _checkout_record(plan, session, person),
    )
    invoice.refresh_from_db()
    recorded = CheckoutSession.objects.filter(invoice=invoice).exists()
    if invoice.status == Invoice.Status.VOID:
        assert not recorded
        [refused] = errors
        assert isinstance(refused, DomainError)
        assert Invoice.objects.get(replaces=invoice).total_cents == FEES["enrollment_fee_cents"]
    else:
        assert (invoice.status, recorded, errors) == (Invoice.Status.OPEN, True, [])
        assert "told" in results


def test_the_difference_is_invoiced_once_when_asked_twice_at_once():
    from certify.payments.services.full_price import enrollment_full_price_apply

    person, invoice, membership = _refused_member_invoice(0)
    # Paid, as the rows say, without the `invoice.paid` event (which would bill it at once).
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.PAID, paid_cents=invoice.total_cents
    )
    results, errors = at_once(
        lambda: enrollment_full_price_apply(invoice=invoice.pk, membership=membership),
        lambda: enrollment_full_price_apply(invoice=invoice.pk, membership=membership),
    )
    assert errors == []
    assert sorted(results) == ["", "billed"]
    assert Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=person).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_a_refund_of_the_difference_and_a_refusal_at_once_bill_what_was_marked(attempt):
    """Staff refund the member difference of a paid full-price invoice as the membership is
    refused (the refusal, then the worker's handler): the refund reads the membership under the
    invoice's lock, so it is either marked (confirmed when read) and billed again once, or a
    plain refund (refused when read) and billed never. Never marked and left unbilled."""
    from certify.memberships.models import Membership
    from certify.memberships.services import membership_reject
    from certify.payments.models import InvoiceLine
    from certify.payments.services import invoice_refund, payment_record
    from certify.payments.services.full_price import full_price_after_refusal

    program = ProgramFactory(short_name="LSSCP", **FEES)
    person, staff = UserFactory(), UserFactory(roles=["program_staff"])
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=None)
    payment_record(
        invoice=invoice,
        amount=invoice.total,
        method="cheque",
        reference=f"C{attempt}",
        actor=staff,
    )
    ala = Organisation.objects.get(code="ALA")
    membership = MembershipFactory(user=person, organisation=ala)  # confirmed late
    difference = FEES["enrollment_fee_cents"] - FEES["member_fee_cents"]
    refund = Money(difference, invoice.currency)

    def refuse():
        membership_reject(
            membership=Membership.objects.get(pk=membership.pk), actor=staff, reason="Wrong"
        )
        return full_price_after_refusal(membership_id=membership.pk)

    _, errors = at_once(
        refuse,
        lambda: invoice_refund(invoice=invoice, amount=refund, reason="Member", actor=staff),
    )
    assert errors == []
    marked = sum(
        InvoiceLine.objects.filter(invoice=invoice).values_list(
            "member_difference_cents", flat=True
        )
    )
    billed = sum(
        Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=person).values_list(
            "total_cents", flat=True
        )
    )
    assert marked in (0, difference)
    assert billed == marked
