"""An invoice holding money that is not owed says so once: a void one in its void notice
("Refund pending"), any other in "More was paid than is owed", to the person billed and to
staff alike (one page serves both, and the provider's staff for a course fee)."""

import pytest
from django.utils import timezone

from certify.core.money import Money
from certify.payments.models import Invoice, Payment
from certify.payments.services import (
    invoice_refund,
    invoice_void,
    invoice_void_rest,
    payment_record,
)
from certify.payments.services.invoices import invoice_create

PENDING = "Refund pending: $100.00 paid on this invoice is not owed;"
MORE = "More was paid than is owed"


def _cheque(invoice, staff, cents):
    return payment_record(
        invoice=invoice, amount=Money(cents), method="cheque", reference="C1", actor=staff
    )


@pytest.mark.parametrize("who", ["billed", "staff"])
def test_a_part_paid_invoice_that_was_voided_says_the_refund_once(client, invoice, staff, who):
    _cheque(invoice, staff, 10000)
    invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == (Invoice.Status.VOID, 10000)
    client.force_login(staff if who == "staff" else invoice.user)
    page = client.get(invoice.get_absolute_url()).text
    assert page.count(PENDING) == 1
    assert MORE not in page
    assert page.count("will refund it") == 1
    assert ("(refund it below)" in page) is (who == "staff")


@pytest.mark.parametrize("who", ["billed", "staff"])
def test_an_overpaid_invoice_says_how_much_is_refunded_once(client, invoice, staff, who):
    _cheque(invoice, staff, invoice.balance_cents)
    # A card payment begun before the check was recorded arrives after it (the webhook keeps it).
    Payment.objects.create(
        invoice=invoice,
        amount_cents=4000,
        method=Payment.Method.CARD,
        reference="pi_late",
        received_on=timezone.localdate(),
        stripe_payment_intent="pi_late",
    )
    Invoice.objects.filter(pk=invoice.pk).update(paid_cents=invoice.total_cents + 4000)
    invoice.refresh_from_db()
    assert invoice.balance_cents == -4000
    client.force_login(staff if who == "staff" else invoice.user)
    page = client.get(invoice.get_absolute_url()).text
    assert page.count(MORE) == 1
    assert "will refund the $40.00 paid beyond it" in page
    assert "Refund pending" not in page


def test_the_words_a_payer_reads_say_plainly_what_happened(client, invoice, staff):
    """A part refund lowers the total by a line that says "Refunded", not an accountant's
    "credit"; a void invoice says it is canceled and what its credit note is."""

    _cheque(invoice, staff, invoice.balance_cents)
    invoice_refund(invoice=invoice, amount=Money(2500), reason="Member price", actor=staff)
    client.force_login(invoice.user)
    page = client.get(invoice.get_absolute_url()).text
    assert "<td>Refunded: Member price</td>" in page
    assert "Credit for refund" not in page

    unpaid = invoice_create(  # another open invoice of the same person, to void
        program=invoice.program,
        user=invoice.user,
        kind=Invoice.Kind.RENEWAL,
        lines=[("renewal_fee", "Renewal fee", 15000)],
        actor=staff,
        today=invoice.issued_on,
        subject="renewal:words",
    )
    invoice_void(invoice=unpaid, reason="Issued by mistake.", actor=staff)
    page = client.get(unpaid.get_absolute_url()).text
    assert "This invoice is canceled: nothing is owed on it." in page
    assert "A credit note is the record that cancels an invoice" in page
