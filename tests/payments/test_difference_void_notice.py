"""The notice of a member price difference invoice voided because the card refund it billed
again could not be sent (ADR 0042, amended): the candidate reads one e-mail (text and HTML) with
one named action, the long date and the amounts with cents, and the payer, when the invoice is
billed to someone else, one e-mail too, without a link to a page they cannot open. The invoice
page says that nothing is to be paid. Stripe is faked at the HTTP boundary."""

import pytest
from django.conf import settings
from django.core import mail

from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.notifications.models import Notification
from certify.payments.models import Invoice, Refund
from certify.payments.services import invoice_refund
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from certify.payments.services.refunds import refunds_due_send
from tests.factories import MembershipFactory, UserFactory
from tests.payments.conftest import DIFFERENCE, card_paid

pytestmark = pytest.mark.django_db

EMPLOYER = "accounts@riverside.example"


@pytest.fixture
def recorder(db):
    return UserFactory(roles=["program_staff"])


def _voided_difference(invoice, candidate, staff, recorder, capture, fake_stripe) -> Invoice:
    """Paid by card, the membership confirmed late and the difference refunded to the card;
    refused while the refund was on its way (the difference billed again); the refund then
    fails for good, so the difference invoice is voided."""
    late = MembershipFactory(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-77",
        status="pending",
    )
    fake_stripe.script = ["down", "error:resource_missing"]
    card_paid(invoice)
    with capture(execute=True):
        membership_confirm(membership=late, actor=staff)
    with capture(execute=True):
        (refund,) = invoice_refund(
            invoice=invoice, amount=DIFFERENCE, reason=MEMBER_PRICE_REFUND, actor=recorder
        )
    refund.refresh_from_db()
    with capture(execute=True):
        membership_reject(
            membership=Membership.objects.get(pk=late.pk), actor=staff, reason="No such number"
        )
    extra = Invoice.objects.get(kind=Invoice.Kind.MEMBER_DIFFERENCE, user=candidate)
    mail.outbox.clear()
    with capture(execute=True):
        refunds_due_send(now=refund.next_attempt_at)
    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    extra.refresh_from_db()
    assert extra.status == Invoice.Status.VOID
    return extra


def test_the_candidate_is_told_once_that_nothing_is_to_be_paid(
    client, invoice, candidate, staff, recorder, fake_stripe, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    extra = _voided_difference(invoice, candidate, staff, recorder, capture, fake_stripe)
    [sent] = [m for m in mail.outbox if m.to == [candidate.email]]
    assert sent.subject == f"Invoice {extra.code} for $25.00 is canceled: there is nothing to pay"
    body = " ".join(sent.body.split())
    issued = f"{extra.issued_on:%B} {extra.issued_on.day}, {extra.issued_on.year}"
    assert f"Invoice {extra.code} of {issued}, for the $25.00 member price difference" in body
    assert (
        f"the card that paid invoice {invoice.code}, but that card refund could not be sent" in body
    )
    assert f"Credit note {extra.credit_note.code} records the cancellation." in body
    assert f"You do not need to do anything: do not pay invoice {extra.code}." in body
    assert f"See the canceled invoice: {settings.SITE_URL}{extra.get_absolute_url()}" in body
    [html] = [content for content, kind in sent.alternatives if kind == "text/html"]
    assert "See the canceled invoice</a>" in html
    assert "$25.00 member price difference" in html
    # No payer e-mail: the invoice is billed to the candidate's own address.
    assert [m.to for m in mail.outbox if "is canceled" in m.subject] == [[candidate.email]]
    assert (
        Notification.objects.filter(recipient=candidate, event="payment.difference_void").count()
        == 1
    )

    # The job again, or the event delivered twice: the void stands, no second notice.
    with capture(execute=True):
        refunds_due_send()
    assert Notification.objects.filter(event="payment.difference_void").count() == 1

    client.force_login(candidate)
    page = " ".join(client.get(extra.get_absolute_url()).text.split())
    assert "This invoice is canceled: nothing is owed on it. You do not need to do anything" in page
    assert (
        f"The card refund of the $25.00 member price difference on invoice {invoice.code} could "
        "not be sent: that difference is still paid, so this invoice, which asked for it again, "
        "is not owed."
    ) in page
    assert "cancels $25.00" in page


def test_an_employer_billed_is_told_too_without_a_link_to_a_page(
    invoice, candidate, staff, recorder, fake_stripe, django_capture_on_commit_callbacks
):
    Invoice.objects.filter(pk=invoice.pk).update(
        bill_to_name="Riverside Public Library", bill_to_email=EMPLOYER
    )
    capture = django_capture_on_commit_callbacks
    extra = _voided_difference(
        Invoice.objects.get(pk=invoice.pk), candidate, staff, recorder, capture, fake_stripe
    )
    assert extra.bill_to_email == EMPLOYER
    [payer] = [m for m in mail.outbox if m.to == [EMPLOYER]]
    assert len([m for m in mail.outbox if m.to == [candidate.email]]) == 1
    body = " ".join(payer.body.split())
    name = candidate.full_name or candidate.email
    assert body.startswith("Hello Riverside Public Library,")
    assert f"for the $25.00 member price difference on {name}'s LSSCP enrollment fee" in body
    assert f"do not pay invoice {extra.code}" in body
    assert f"and {name} will be told" in body
    assert f"sent this e-mail to {EMPLOYER} because invoice {extra.code} was billed" in body
    [html] = [content for content, kind in payer.alternatives if kind == "text/html"]
    for words in (body, html):
        assert "/payments/" not in words  # no page: the payer may have no account
        assert "have an account" not in words
        assert "your account" not in words
        assert "preferences" not in words
