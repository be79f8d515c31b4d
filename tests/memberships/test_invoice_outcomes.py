"""The membership queue (page and API) says what each decision did to the member's enrollment
invoice (ADR 0042): reissued at the member price, a difference to refund, reissued at the full
price, a difference invoiced, or nothing to change; read for the whole page in a fixed number of
queries. The amounts come from the program's fees, never typed here."""

import pytest
from django.urls import reverse

from certify.core.money import Money
from certify.memberships.api import InvoiceOutcome, invoice_outcomes
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice
from certify.payments.services import payment_record
from tests.conftest import count_queries
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/staff/memberships"


@pytest.fixture
def program(db):
    return ProgramFactory()


@pytest.fixture
def ala(db):
    return Organisation.objects.get(code="ALA")


def _person(program, ala, *, status, paid=False):
    """A candidate invoiced while their ALA membership was in `status`."""
    person = UserFactory(roles=["candidate"])
    membership = MembershipFactory(user=person, organisation=ala, status=status)
    if status == "pending":  # the invoice would wait: issued before it was recorded
        Membership.objects.filter(pk=membership.pk).update(status="rejected")
    invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=person)
    if status == "pending":
        Membership.objects.filter(pk=membership.pk).update(status="pending")
    if paid:
        recorder = UserFactory(roles=["program_staff"])
        payment_record(
            invoice=invoice, amount=invoice.total, method="cheque", reference="C", actor=recorder
        )
    return Membership.objects.get(pk=membership.pk), invoice


def _outcomes(client, status="all"):
    answer = client.get(API, {"status": status}).json()
    return {row["id"]: (row["invoice_outcome"], row["invoice_words"]) for row in answer["items"]}


def test_each_decision_says_what_it_did_to_the_invoice(
    client, program, ala, staff, django_capture_on_commit_callbacks
):
    full = Money(program.enrollment_fee_cents)
    member = Money(program.member_fee_cents)
    difference = Money(program.enrollment_fee_cents - program.member_fee_cents)
    late, late_invoice = _person(program, ala, status="pending")
    late_paid, paid_invoice = _person(program, ala, status="pending", paid=True)
    refused, member_invoice = _person(program, ala, status="confirmed")
    refused_paid, member_paid = _person(program, ala, status="confirmed", paid=True)
    waiting, _ = _person(program, ala, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=late, actor=staff)
        membership_confirm(membership=late_paid, actor=staff)
        membership_reject(membership=refused, actor=staff, reason="Unknown number")
        membership_reject(membership=refused_paid, actor=staff, reason="Unknown number")
    reissued = Invoice.objects.get(replaces=late_invoice)
    at_full = Invoice.objects.get(replaces=member_invoice)
    extra = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE)
    client.force_login(staff)
    found = _outcomes(client)
    assert found[late.pk] == (
        "reissued_member_price",
        f"Reissued at the member price: invoice {reissued.code} ({member.with_cents()}) replaces "
        f"{late_invoice.code}.",
    )
    assert found[late_paid.pk] == (
        "difference_to_refund",
        f"Difference to refund: {difference.with_cents()} paid on invoice {paid_invoice.code} "
        f"beyond the "
        "member price.",
    )
    assert found[refused.pk] == (
        "reissued_full_price",
        f"Reissued at the full price: invoice {at_full.code} ({full.with_cents()}) replaces "
        f"{member_invoice.code}.",
    )
    assert found[refused_paid.pk] == (
        "difference_invoiced",
        f"Difference invoiced: invoice {extra.code} ({difference.with_cents()}, awaiting "
        f"payment); invoice "
        f"{member_paid.code} stands.",
    )
    assert found[waiting.pk][0] == "nothing_to_change"
    # SSD's memberships (the sponsor's queue) set no price.
    ssd = MembershipFactory(organisation=Organisation.objects.get(code="SSD"), status="pending")
    assert invoice_outcomes([ssd])[ssd.pk] == InvoiceOutcome(
        "nothing_to_change", "Nothing to change: this membership sets no price."
    )
    no_invoice = MembershipFactory(organisation=ala, status="pending")
    assert _outcomes(client, "pending")[no_invoice.pk][0] == "no_invoice"

    page = client.get(reverse("memberships:queue"), {"status": "all"}).text
    assert f"Reissued at the member price: invoice {reissued.code}" in page
    assert f"Difference invoiced: invoice {extra.code}" in page


def test_the_queue_and_its_api_read_outcomes_in_a_flat_number_of_queries(
    client, program, ala, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    _person(program, ala, status="confirmed")
    page = reverse("memberships:queue") + "?status=all"
    few_page = count_queries(lambda: client.get(page))
    few_api = count_queries(lambda: client.get(API, {"status": "all"}))
    for status in ("confirmed", "pending", "rejected"):
        for paid in (False, True):
            _person(program, ala, status=status, paid=paid)
    with django_capture_on_commit_callbacks(execute=True):
        for m in Membership.objects.filter(status="pending")[:2]:
            membership_reject(membership=m, actor=staff, reason="Unknown number")
    MembershipFactory(organisation=Organisation.objects.get(code="SSD"), status="pending")
    assert count_queries(lambda: client.get(page)) == few_page
    assert count_queries(lambda: client.get(API, {"status": "all"})) == few_api


def test_only_people_who_confirm_read_the_queue_api(client, db):
    MembershipFactory(status="pending")
    for roles in (["candidate"], ["reviewer"], ["provider"]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(API).status_code == 403
    client.logout()
    assert client.get(API).status_code == 401
