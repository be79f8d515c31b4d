"""The member price's difference (`payments/services/full_price.py`) raced on PostgreSQL:
threads with their own connections, released together, against committed data.

- Staff record a check for the USD 25 difference at the moment another staff member confirms
  the membership again (which voids an unpaid difference): either the check is recorded first
  and the difference stands, paid; or it is voided first and the check is refused in words.
  Never money recorded on a void invoice.
- Two staff void the difference at once (the same form sent twice): one credit note.
"""

import pytest

from certify.core.errors import DomainError
from certify.memberships.api import organisations_ensure
from certify.memberships.models import Membership
from certify.memberships.services import membership_confirm
from certify.payments.models import CreditNote, Invoice, Payment
from certify.payments.services import enrollment_invoice_get_or_create, invoice_void, payment_record
from certify.payments.services.full_price import enrollment_full_price_apply
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.payments.conftest import FEES
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
DIFFERENCE = FEES["enrollment_fee_cents"] - FEES["member_fee_cents"]


def _difference():
    """Paid at the member price, the membership refused since: Certify's difference invoice."""
    program = ProgramFactory(short_name="LSSCP", **FEES)
    person, staff = UserFactory(), UserFactory(roles=["program_staff"])
    ala = next(o for o in organisations_ensure() if o.code == "ALA")
    membership = MembershipFactory(user=person, organisation=ala, status="confirmed")
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=None)
    assert invoice.total_cents == FEES["member_fee_cents"]
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.PAID, paid_cents=invoice.total_cents
    )
    Membership.objects.filter(pk=membership.pk).update(status="rejected")
    membership.refresh_from_db()
    assert enrollment_full_price_apply(invoice=invoice.pk, membership=membership) == "billed"
    difference = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=person)
    assert difference.total_cents == DIFFERENCE
    return difference, membership, staff


def test_confirmed_again_with_nothing_paid_the_difference_is_voided():
    """What the race below meets: the confirmation alone voids the unpaid difference (after its
    commit, through the event), so either order can happen there."""
    difference, membership, staff = _difference()
    membership_confirm(membership=membership, actor=staff)
    difference.refresh_from_db()
    assert difference.status == Invoice.Status.VOID


@pytest.mark.parametrize("attempt", range(3))
def test_a_check_for_the_difference_and_the_membership_confirmed_never_meet(attempt):
    difference, membership, staff = _difference()
    recorder = UserFactory(roles=["program_staff"])
    _, errors = at_once(
        lambda: membership_confirm(membership=membership, actor=staff),
        lambda: payment_record(
            invoice=difference,
            amount=difference.balance,
            method="cheque",
            reference=f"Check {attempt}",
            actor=recorder,
        ),
    )
    difference.refresh_from_db()
    paid = Payment.objects.filter(invoice=difference).exists()
    assert Membership.objects.get(pk=membership.pk).status == "confirmed"
    if difference.status == Invoice.Status.VOID:
        assert not paid
        [refused] = errors
        assert isinstance(refused, DomainError)
    else:
        assert errors == [], errors
        assert (difference.status, paid, difference.paid_cents) == ("paid", True, DIFFERENCE)
        assert not CreditNote.objects.filter(invoice=difference).exists()


def test_two_staff_voiding_the_difference_at_once_write_one_credit_note():
    difference, _, staff = _difference()
    other = UserFactory(roles=["program_staff"])
    results, errors = at_once(
        lambda: invoice_void(invoice=difference, reason="Billed by mistake.", actor=staff),
        lambda: invoice_void(invoice=difference, reason="Billed by mistake.", actor=other),
    )
    assert len(results) == 1, (results, errors)
    [refused] = errors
    assert isinstance(refused, DomainError)
    assert CreditNote.objects.filter(invoice=difference).count() == 1
