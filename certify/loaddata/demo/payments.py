"""Demo data (local only): the demo candidate is a confirmed ALA member who has paid."""

from datetime import timedelta

from django.utils import timezone

from certify.accounts.models import User
from certify.core.money import Money
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_record
from certify.payments.models import Invoice
from certify.payments.services import enrollment_invoice_get_or_create, payment_record
from certify.programs.models import Program


def demo_payments_create(*, candidate: User, staff: User, program: Program) -> Invoice:
    """A confirmed ALA membership and a paid (member price) enrollment invoice. Safe to repeat."""
    ala, _ = Organisation.objects.get_or_create(
        code="ALA", defaults={"name": "American Library Association"}
    )
    if not Membership.objects.filter(user=candidate, organisation=ala).exists():
        membership = membership_record(
            user=candidate,
            organisation=ala,
            member_number="ALA-0042317",
            expires_on=timezone.localdate() + timedelta(days=300),
            actor=candidate,
        )
        membership_confirm(membership=membership, actor=staff)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    if invoice.status == Invoice.Status.OPEN:
        payment_record(
            invoice=invoice,
            amount=Money(invoice.balance_cents, invoice.currency),
            method="cheque",
            reference="Check 1187",
            actor=staff,
        )
    return invoice
