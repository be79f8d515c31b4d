"""A member price difference refunded to a card after a late membership confirmation, and that
membership refused afterwards (ADR 0042, amended): only what really went back is billed again.
A card refund Stripe refused gave nothing back, so the difference is still paid: the refusal
bills nothing, and a difference invoice billed while the refund was on its way is voided when
it fails. A refund staff try again that is then sent bills the difference, once. Stripe is
faked at the HTTP boundary (`tests/payments/fake_stripe.py`)."""

import pytest

from certify.memberships.api import invoice_outcomes
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.payments.models import Invoice, Refund
from certify.payments.services import invoice_refund, payment_record, refund_retry
from certify.payments.services.member_difference import member_difference_refunded
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from certify.payments.services.refunds import refunds_due_send
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, FULL, card_paid

pytestmark = pytest.mark.django_db

S = Refund.Status


@pytest.fixture
def recorder(db):
    return UserFactory(roles=["program_staff"])


@pytest.fixture
def late(candidate):
    return MembershipFactory(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-77",
        status="pending",
    )


def _differences(user, *, live=True):
    found = Invoice.objects.filter(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=user)
    return list(found.exclude(status=Invoice.Status.VOID) if live else found)


def _card_paid_confirmed_refunded(invoice, late, staff, recorder, capture) -> Refund:
    """Paid in full by card, the membership confirmed late, the difference refunded to the card
    (the task asks Stripe after commit, as the fake is scripted)."""
    card_paid(invoice)
    assert invoice.net_paid == FULL
    with capture(execute=True):
        membership_confirm(membership=late, actor=staff)
    with capture(execute=True):
        (refund,) = invoice_refund(
            invoice=invoice, amount=DIFFERENCE, reason=MEMBER_PRICE_REFUND, actor=recorder
        )
    refund.refresh_from_db()
    return refund


def _refuse(late, staff, capture):
    with capture(execute=True):
        membership_reject(
            membership=Membership.objects.get(pk=late.pk), actor=staff, reason="No such number"
        )


def test_a_difference_whose_card_refund_failed_is_not_billed_again_on_refusal(
    invoice, late, candidate, staff, recorder, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    fake_stripe.script = ["error:resource_missing"]  # Stripe refuses: trying again cannot help
    refund = _card_paid_confirmed_refunded(invoice, late, staff, recorder, capture)
    assert refund.status == S.FAILED
    assert refund.credit_line.member_difference_cents == DIFFERENCE.cents
    assert member_difference_refunded(Invoice.objects.get(pk=invoice.pk)) == 0

    _refuse(late, staff, capture)
    assert _differences(candidate) == []  # the difference is still paid: nothing to bill
    outcome = invoice_outcomes([Membership.objects.get(pk=late.pk)])[late.pk]
    assert outcome.code == "nothing_to_change"

    # Staff try the refund again and Stripe takes it: the difference went back, billed once.
    with capture(execute=True):
        refund_retry(refund=refund, actor=recorder)
    refund.refresh_from_db()
    assert refund.status == S.SENT
    [extra] = _differences(candidate)
    assert (extra.status, extra.total) == ("open", DIFFERENCE)
    with capture(execute=True):  # the task or the job again: still one
        refunds_due_send()
    assert len(_differences(candidate, live=False)) == 1


def test_a_difference_billed_while_its_refund_was_on_its_way_is_voided_when_it_fails(
    invoice, late, candidate, staff, recorder, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    fake_stripe.script = ["down", "error:resource_missing"]
    refund = _card_paid_confirmed_refunded(invoice, late, staff, recorder, capture)
    assert (refund.status, refund.retrying) == (S.PENDING, True)

    _refuse(late, staff, capture)  # on its way: counted as given back, so billed again
    [extra] = _differences(candidate)
    assert extra.total == DIFFERENCE

    with capture(execute=True):  # the next try: Stripe refuses, Certify gives up
        refunds_due_send(now=refund.next_attempt_at)
    refund.refresh_from_db()
    assert refund.status == S.FAILED
    extra.refresh_from_db()
    assert extra.status == "void"
    note = extra.credit_note
    assert note.amount == DIFFERENCE
    assert "could not be sent: that difference is still paid" in note.reason
    assert _differences(candidate) == []

    with capture(execute=True):  # tried again and sent: billed again, one live invoice
        refund_retry(refund=refund, actor=recorder)
    assert [i.total for i in _differences(candidate)] == [DIFFERENCE]


def test_a_difference_paid_before_its_refund_failed_stands(
    invoice, late, candidate, staff, recorder, fake_stripe, django_capture_on_commit_callbacks
):
    """Paid meanwhile: the invoice stands (staff are told the refund failed; trying it again
    gives the money back)."""
    capture = django_capture_on_commit_callbacks
    fake_stripe.script = ["down", "error:resource_missing"]
    refund = _card_paid_confirmed_refunded(invoice, late, staff, recorder, capture)
    _refuse(late, staff, capture)
    [extra] = _differences(candidate)
    payment_record(
        invoice=extra, amount=DIFFERENCE, method="cheque", reference="C9", actor=recorder
    )
    with capture(execute=True):
        refunds_due_send(now=refund.next_attempt_at)
    extra.refresh_from_db()
    assert extra.status == "paid"
    assert len(_differences(candidate, live=False)) == 1
