"""A full-price enrollment invoice whose member price difference was refunded after a late
membership confirmation, and that membership refused afterwards (ADR 0042, amended): the
difference is billed again, once, with the notice a refusal after a paid member price sends;
nothing is billed while the invoice is still being paid (staff are told, and it is billed once
it is paid in full). A refund that was not the member difference is never billed again. The
amounts come from the program's fees (`FEES`), never typed here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.core.money import Money
from certify.memberships.api import invoice_outcomes
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.notifications.models import Notification
from certify.payments.models import CheckoutSession, Invoice, InvoiceLine
from certify.payments.services import invoice_refund, payment_record
from certify.payments.services.full_price import (
    enrollment_full_price_apply,
    full_price_after_refusal,
)
from certify.payments.services.member_difference import member_price_overpaid
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, FULL, MEMBER, checkout_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(db):
    return UserFactory(roles=["program_staff"])


@pytest.fixture
def late(candidate):
    """Recorded after the invoice was issued at the full price, waiting for staff."""
    return MembershipFactory(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-77",
        status="pending",
    )


def _decide(capture, decide, **kwargs):
    with capture(execute=True):
        decide(**kwargs)


def _differences(user):
    return list(Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=user))


def _member_refund(invoice, recorder, amount=DIFFERENCE):
    """Staff refund what the invoice page offers: the difference, with the offered reason."""
    invoice_refund(invoice=invoice, amount=amount, reason=MEMBER_PRICE_REFUND, actor=recorder)
    return InvoiceLine.objects.get(invoice=invoice, kind=InvoiceLine.Kind.REFUND_CREDIT)


def _paid_refunded_refused(invoice, late, staff, recorder, capture):
    """Paid in full; the membership confirmed late; the difference refunded; then refused.
    Returns the difference invoices the refusal issued."""
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    _decide(capture, membership_confirm, membership=late, actor=staff)
    _member_refund(invoice, recorder)
    late = Membership.objects.get(pk=late.pk)
    _decide(capture, membership_reject, membership=late, actor=staff, reason="Wrong number")
    return _differences(invoice.user)


def test_confirmed_refunded_then_refused_bills_the_difference_again_once(
    client, invoice, late, candidate, staff, recorder, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    _decide(capture, membership_confirm, membership=late, actor=staff)
    assert member_price_overpaid(Invoice.objects.get(pk=invoice.pk)) == DIFFERENCE
    credit = _member_refund(invoice, recorder)
    assert (credit.amount_cents, credit.member_difference_cents) == (
        -DIFFERENCE.cents,
        DIFFERENCE.cents,
    )
    Notification.objects.filter(recipient=candidate).delete()  # the refund's receipt

    late = Membership.objects.get(pk=late.pk)
    _decide(capture, membership_reject, membership=late, actor=staff, reason="No such number")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.total) == ("paid", MEMBER)  # it stands, refund and all
    [extra] = _differences(candidate)
    assert (extra.status, extra.total) == ("open", DIFFERENCE)
    # The notice a refusal after a paid member price sends, word for word.
    [told] = Notification.objects.filter(recipient=candidate)
    assert told.event == "payment.full_price"
    assert (
        told.title
        == f"Invoice {extra.code} for the {DIFFERENCE.with_cents()} difference to the full price"
    )
    assert (
        f"Invoice {invoice.code}, which you paid at the member price ({MEMBER.with_cents()}), "
        f"stands; "
        f"invoice {extra.code} asks for the {DIFFERENCE.with_cents()} difference to the full price"
    ) in told.body
    # The event delivered twice, or the invoice asked again: still one.
    assert full_price_after_refusal(membership_id=late.pk) == [""]
    assert enrollment_full_price_apply(invoice=invoice, membership=late) == ""
    assert len(_differences(candidate)) == 1
    assert (
        invoice_outcomes([Membership.objects.get(pk=late.pk)])[late.pk].code
        == "difference_invoiced"
    )
    # The refund is not offered again: the invoice is at the member price, the membership gone.
    client.force_login(recorder)
    api = client.get(f"/api/v1/payments/invoices/{invoice.code}").json()
    assert api["member_price_refundable_cents"] == 0


def test_refused_twice_after_a_confirmation_between_bills_one_live_difference(
    invoice, late, candidate, staff, recorder, django_capture_on_commit_callbacks
):
    """Refused, confirmed again (the unpaid difference voided), refused again: one live
    difference invoice at any time, never two."""
    capture = django_capture_on_commit_callbacks
    [first] = _paid_refunded_refused(invoice, late, staff, recorder, capture)
    late = Membership.objects.get(pk=late.pk)
    _decide(capture, membership_confirm, membership=late, actor=staff)
    first.refresh_from_db()
    assert first.status == "void"
    # Confirmed again: the refund stays given and nothing more is offered (it was refunded).
    assert member_price_overpaid(Invoice.objects.get(pk=invoice.pk)) is None
    late = Membership.objects.get(pk=late.pk)
    _decide(capture, membership_reject, membership=late, actor=staff, reason="Wrong after all")
    live = [i for i in _differences(candidate) if i.status != "void"]
    assert [i.total for i in live] == [DIFFERENCE]
    assert live[0].pk != first.pk


def test_a_paid_difference_is_not_billed_again(
    invoice, late, candidate, staff, recorder, django_capture_on_commit_callbacks
):
    [extra] = _paid_refunded_refused(
        invoice, late, staff, recorder, django_capture_on_commit_callbacks
    )
    payment_record(
        invoice=extra, amount=DIFFERENCE, method="cheque", reference="C2", actor=recorder
    )
    assert enrollment_full_price_apply(invoice=invoice, membership=late) == ""
    assert len(_differences(candidate)) == 1


def test_refused_while_paying_bills_nothing_until_it_is_paid(
    invoice, late, candidate, staff, recorder, settings, django_capture_on_commit_callbacks
):
    """Part-paid beyond the member price when the membership was confirmed: staff refunded
    what was over it. Refused while a card payment of the rest is under way: nothing is billed
    (staff are told, in the words of a refunded difference); once paid in full, it is."""
    capture = django_capture_on_commit_callbacks
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    part = Money(FULL.cents - 1000)  # more than the member price, less than the full price
    payment_record(invoice=invoice, amount=part, method="cheque", reference="C1", actor=recorder)
    _decide(capture, membership_confirm, membership=late, actor=staff)
    over = Money(part.cents - MEMBER.cents)
    assert member_price_overpaid(Invoice.objects.get(pk=invoice.pk)) == over
    credit = _member_refund(invoice, recorder, amount=over)
    assert credit.member_difference_cents == over.cents
    invoice.refresh_from_db()
    assert invoice.status == "open"
    session = checkout_open(invoice)
    CheckoutSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() + timedelta(minutes=30)
    )

    late = Membership.objects.get(pk=late.pk)
    _decide(capture, membership_reject, membership=late, actor=staff, reason="Wrong number")
    assert _differences(candidate) == []
    [told] = Notification.objects.filter(recipient=recorder, event="payment.full_price_late")
    assert f"the {over.with_cents()} member price difference was refunded on their" in told.body
    assert (
        f"once it is paid in full, Certify invoices the difference of {over.with_cents()}"
        in told.body
    )
    assert enrollment_full_price_apply(invoice=invoice, membership=late) == "told"
    assert _differences(candidate) == []
    # The membership queue says so.
    outcome = invoice_outcomes([Membership.objects.get(pk=late.pk)])[late.pk]
    assert outcome.code == "staff_told"
    assert f"refunded on invoice {invoice.code} is billed again once it is paid" in outcome.words

    with capture(execute=True):  # the rest arrives: paid in full, `invoice.paid` follows
        payment_record(
            invoice=invoice,
            amount=invoice.amount_due,
            method="cheque",
            reference="C2",
            actor=recorder,
        )
    [extra] = _differences(candidate)
    assert extra.total == over


def test_a_refund_that_was_not_the_member_difference_is_not_billed_again(
    invoice, late, candidate, staff, recorder, django_capture_on_commit_callbacks
):
    """A goodwill refund before any confirmation, and the difference refunded only after the
    refusal (a page opened before it), are ordinary refunds: the refusal bills neither."""
    capture = django_capture_on_commit_callbacks
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    goodwill = Money(500)
    invoice_refund(invoice=invoice, amount=goodwill, reason="Goodwill", actor=recorder)
    credit = InvoiceLine.objects.get(invoice=invoice, kind=InvoiceLine.Kind.REFUND_CREDIT)
    assert credit.member_difference_cents == 0
    _decide(capture, membership_reject, membership=late, actor=staff, reason="Wrong number")
    invoice_refund(invoice=invoice, amount=DIFFERENCE, reason="As promised", actor=recorder)
    assert not InvoiceLine.objects.filter(invoice=invoice, member_difference_cents__gt=0).exists()
    assert (
        enrollment_full_price_apply(invoice=invoice, membership=Membership.objects.get(pk=late.pk))
        == ""
    )
    assert _differences(candidate) == []


def test_a_refund_beyond_the_difference_marks_only_the_difference(
    invoice, late, staff, recorder, django_capture_on_commit_callbacks
):
    """Refunding more than the member difference in one go: only the difference is marked as
    given back for the membership, so only it would be billed again."""
    capture = django_capture_on_commit_callbacks
    payment_record(invoice=invoice, amount=FULL, method="cheque", reference="C1", actor=recorder)
    _decide(capture, membership_confirm, membership=late, actor=staff)
    more = Money(DIFFERENCE.cents + 1000)
    credit = _member_refund(invoice, recorder, amount=more)
    assert (credit.amount_cents, credit.member_difference_cents) == (
        -more.cents,
        DIFFERENCE.cents,
    )
