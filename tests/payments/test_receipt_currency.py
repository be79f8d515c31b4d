"""The receipt e-mail says what is still to pay in the invoice's own currency, and nothing when
the invoice is paid, whatever the currency (it compared the balance with "$0", so a paid invoice
in euros was "Still to pay: €0")."""

from django.core import mail

from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services import payment_record
from certify.programs.models import Program


def test_the_receipt_says_what_is_left_in_the_invoices_currency(
    candidate, program, staff, django_capture_on_commit_callbacks
):
    Program.objects.filter(pk=program.pk).update(currency="EUR")
    program.refresh_from_db()
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert invoice.currency == "EUR"
    for cents, reference in ((10000, "CHQ 1"), (25000, "CHQ 2")):
        with django_capture_on_commit_callbacks(execute=True):
            payment_record(
                invoice=invoice,
                amount=Money(cents, "EUR"),
                method="cheque",
                reference=reference,
                actor=staff,
            )
    part, rest = mail.outbox[-2], mail.outbox[-1]
    assert part.subject == "Receipt for your payment of €100.00"
    assert "Still to pay: €250.00." in part.body
    assert rest.subject == "Receipt for your payment of €250.00"
    assert "Still to pay" not in rest.body
