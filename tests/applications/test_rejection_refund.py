"""Rejecting a card-paid applicant while Stripe cannot be reached: the decision commits, the
refund waits "on its way", and it is sent when Stripe is back (ADR 0052). Stripe is faked at the
HTTP boundary."""

from datetime import timedelta

from certify.applications import decisions
from certify.applications.models import Application
from certify.payments.api import enrollment_invoice_for
from certify.payments.models import Invoice, Refund
from certify.payments.services import refunds_due_send
from tests.payments import conftest as payments_fixtures
from tests.payments.conftest import card_paid

# The payments tests' Stripe, faked at the HTTP boundary, for these tests too.
fake_stripe = payments_fixtures.fake_stripe
stripe_on = payments_fixtures.stripe_on

REASON = "Only 900 of the hours were in a library."


def test_rejecting_a_card_paid_applicant_while_stripe_is_down(
    submitted,
    applicant,
    staff,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    invoice = enrollment_invoice_for(user=applicant, program=submitted.program)
    card_paid(invoice)
    fake_stripe.script = ["down", "down"]
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_reject(application=submitted, actor=staff, reason=REASON)
    submitted.refresh_from_db()
    invoice.refresh_from_db()
    assert submitted.status == Application.Status.REJECTED
    assert invoice.status == Invoice.Status.REFUNDED
    refund = Refund.objects.get(invoice=invoice)
    assert (refund.status, refund.attempts) == (Refund.Status.PENDING, 1)
    for _ in range(2):  # down once more, then back
        with django_capture_on_commit_callbacks(execute=True):
            refunds_due_send(now=refund.next_attempt_at + timedelta(seconds=1))
        refund.refresh_from_db()
    assert refund.status == Refund.Status.SENT
    (made,) = fake_stripe.refunds.values()
    assert (made["amount"], refund.stripe_refund_id) == (invoice.paid_cents, made["id"])
