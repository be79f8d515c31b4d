"""A card payment that pays an invoice exactly but for something that no longer stands (the
enrollment fee of an application its candidate withdrew) is recorded, and program staff are told
once per payment, in the words of the app that knows why (`payments.concerns`); money paid where
it belongs tells staff nothing."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from tests.factories import ApplicationFactory, UserFactory
from tests.payments.conftest import event, post_event, session_object

pytestmark = pytest.mark.django_db

EVENT = "payment.to_check"
WITHDRAWN = (
    "Invoice {} is the enrollment fee of an application that its candidate withdrew, and they "
    "have no other application to the program: refund the payment, or keep it if they apply "
    "again (the same invoice stands for a new application)."
)


def _paid_by_card(client, invoice):
    body = event("checkout.session.completed", session_object(invoice, amount=35000))
    assert post_event(client, body).status_code == 200
    invoice.refresh_from_db()
    return body


def test_a_card_payment_on_a_withdrawn_applications_fee_tells_staff_once(
    client, invoice, checkout, staff, stripe_on
):
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    ApplicationFactory(
        candidate=invoice.user, program=invoice.program, status=Application.Status.WITHDRAWN
    )
    body = _paid_by_card(client, invoice)
    assert (invoice.status, invoice.refund_pending_cents) == ("paid", 0)  # nothing over
    told = Notification.objects.filter(event=EVENT)
    assert {n.recipient for n in told} == {staff, other}
    notice = told.get(recipient=staff)
    assert notice.link == invoice.get_absolute_url()
    assert invoice.code in notice.title
    assert "A card payment of $350.00 paid invoice" in notice.body
    assert WITHDRAWN.format(invoice.code) in notice.body
    assert AuditEvent.objects.get(verb="payment.to_check").reason == WITHDRAWN.format(invoice.code)
    post_event(client, body)  # Stripe delivers it again: nobody is told twice
    assert Notification.objects.filter(event=EVENT).count() == 2
    assert not Notification.objects.filter(event=EVENT, recipient=invoice.user).exists()


@pytest.mark.parametrize("statuses", [[], ["submitted"], ["withdrawn", "submitted"]])
def test_a_fee_paid_for_an_application_going_on_tells_staff_nothing(
    client, invoice, checkout, staff, stripe_on, statuses
):
    for status in statuses:  # made in this order: the last is the latest
        ApplicationFactory(candidate=invoice.user, program=invoice.program, status=status)
    _paid_by_card(client, invoice)
    assert invoice.status == "paid"
    assert not Notification.objects.filter(event=EVENT).exists()
