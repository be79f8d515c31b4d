"""A card payment that reaches a void invoice (a tab Stripe had not closed: a voided or re-issued
invoice, a revoked certificate's closed renewal) is kept as "refund pending", and program staff
who handle payments are told in the app, once per payment, with the invoice's link."""

from certify.accounts.models import Role
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.services import invoice_void, payment_record
from tests.factories import UserFactory
from tests.payments.conftest import event, post_event, session_object

EVENT = "payment.refund_pending"


def test_staff_are_told_once_when_a_card_payment_reaches_a_void_invoice(
    client, invoice, checkout, staff, stripe_on
):
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    gone = UserFactory(roles=[Role.PROGRAM_STAFF], is_active=False)
    UserFactory(roles=[Role.CANDIDATE, Role.REVIEWER])
    body = event("checkout.session.completed", session_object(invoice, amount=35000))
    invoice_void(invoice=invoice, reason="Issued by mistake.", actor=staff)
    assert post_event(client, body).status_code == 200
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == ("void", 35000)
    told = Notification.objects.filter(event=EVENT)
    assert {n.recipient for n in told} == {staff, other}  # active program staff only
    assert gone not in {n.recipient for n in told}
    notice = told.get(recipient=other)
    assert notice.link == invoice.get_absolute_url()
    assert invoice.code in notice.title
    assert (
        f"A card payment of $350.00 reached invoice {invoice.code} (LSSCP) after it was voided"
        in notice.body
    )
    assert "Refund the $350.00" in notice.body
    # Stripe sends the same payment again (another event, the intent's): no second notice.
    post_event(client, event("checkout.session.completed", session_object(invoice, amount=35000)))
    assert Notification.objects.filter(event=EVENT).count() == 2
    assert not Notification.objects.filter(event=EVENT, recipient=invoice.user).exists()


def test_the_invoices_own_person_is_not_told_to_refund_themselves(
    client, program, checkout, invoice, stripe_on
):
    owner_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    invoice.user = owner_staff
    invoice.save(update_fields=["user"])
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    invoice_void(invoice=invoice, reason="Issued by mistake.", actor=other)
    post_event(client, event("checkout.session.completed", session_object(invoice, amount=35000)))
    assert {n.recipient for n in Notification.objects.filter(event=EVENT)} == {other}


def test_a_card_payment_on_a_paid_invoice_tells_staff_to_refund_what_was_paid_over(
    client, invoice, checkout, staff, stripe_on
):
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="CHQ 5", actor=staff
    )
    post_event(client, event("checkout.session.completed", session_object(invoice, amount=35000)))
    notice = Notification.objects.get(event=EVENT, recipient=staff)
    assert "after it was paid in full" in notice.body
    assert "Refund the $350.00" in notice.body
