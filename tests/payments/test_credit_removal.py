"""Taking a scholarship credit back (the award was withdrawn or expired)."""

import pytest

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.payments.api import invoice_add_credit, invoice_remove_credit, renewal_invoice_for
from certify.payments.services import payment_record, renewal_invoice_create


def _credit(invoice):
    return invoice_add_credit(
        invoice=invoice, amount=Money(20000), description="SSD award", source="award:7", actor=None
    )


def test_a_credit_is_reversed_by_a_line_and_the_balance_returns(invoice, staff):
    _credit(invoice)
    line = invoice_remove_credit(invoice=invoice, source="award:7", reason="Withdrawn", actor=staff)
    invoice.refresh_from_db()
    assert (line.amount_cents, line.source) == (20000, "award:7:reversed")
    assert line.description == "SSD award withdrawn: Withdrawn"
    assert (invoice.total, invoice.status) == (Money(35000), "open")
    assert AuditEvent.objects.filter(verb="invoice.credit_removed", actor=staff).exists()
    again = invoice_remove_credit(invoice=invoice, source="award:7", reason="Twice", actor=staff)
    assert again.pk == line.pk
    assert invoice.lines.count() == 3


def test_nothing_happens_without_such_a_credit(invoice):
    assert invoice_remove_credit(invoice=invoice, source="award:99", reason="x", actor=None) is None
    assert invoice_remove_credit(invoice=invoice, source="", reason="x", actor=None) is None


def test_a_used_credit_cannot_be_taken_back(invoice, staff):
    _credit(invoice)
    payment_record(
        invoice=invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    with pytest.raises(DomainError, match="the credit was used and can no longer be taken back"):
        invoice_remove_credit(invoice=invoice, source="award:7", reason="Late", actor=staff)
    invoice.refresh_from_db()
    assert (invoice.total, invoice.status) == (Money(15000), "paid")


def test_the_open_renewal_invoice_is_found(candidate, program):
    assert renewal_invoice_for(user=candidate, program=program) is None
    renewal = renewal_invoice_create(user=candidate, program=program, actor=None, subject="c:1")
    assert renewal_invoice_for(user=candidate, program=program) == renewal
