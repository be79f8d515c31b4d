"""Staff refund from the invoice page: the amount is always typed, a confirmation page (a GET
that changes nothing) says exactly what will happen, the "Yes, refund $…" button refunds, and a
stale or replayed confirmation is refused. Staff and the candidate see where a card refund is;
staff list the refunds not sent and try a failed one again (ADR 0052)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.money import Money
from certify.payments.models import Refund
from certify.payments.services import invoice_refund, payment_record
from tests.conftest import count_queries, writes_during
from tests.factories import UserFactory
from tests.payments.conftest import card_paid

S = Refund.Status


def _confirm_url(invoice):
    return reverse("payments:refund_confirm", args=[invoice.code])


def _create_url(invoice):
    return reverse("payments:refund_create", args=[invoice.code])


@pytest.fixture
def paid_by_card(invoice):
    card_paid(invoice)
    return invoice


def test_an_empty_amount_is_an_error_not_everything(client, staff, paid_by_card):
    client.force_login(staff)
    response = client.get(_confirm_url(paid_by_card), {"amount": "", "reason": "Not eligible"})
    assert response.status_code == 400
    assert "Enter the amount to refund, up to $350.00." in response.text
    assert "Not eligible" in response.text  # what was typed is kept
    response = client.post(
        _create_url(paid_by_card), {"amount": "", "reason": "x", "refundable_seen": "35000"}
    )
    assert response.status_code == 400
    assert "Enter the amount to refund, up to $350.00." in response.text
    assert not Refund.objects.exists()


def test_the_confirmation_says_exactly_what_will_happen_and_changes_nothing(
    client, staff, paid_by_card
):
    client.force_login(staff)
    typed = {"amount": "150", "reason": "Member price", "reference": ""}

    def read():
        return client.get(_confirm_url(paid_by_card), typed)

    assert writes_during(read) == []
    page = read().text
    assert "Refund $150.00 on invoice" in page
    assert "Refund $150.00 to the card that paid (receipt R-" in page
    assert (
        f"Invoice {paid_by_card.code} will show $150.00 refunded, and its total will be lowered by "
        "$150.00"
    ) in page
    assert "Yes, refund $150.00" in page
    assert 'name="refundable_seen" value="35000"' in page
    assert not Refund.objects.exists()


def test_everything_refunded_says_the_invoice_is_canceled(client, staff, paid_by_card):
    client.force_login(staff)
    page = client.get(_confirm_url(paid_by_card), {"amount": "350", "reason": "Not eligible"}).text
    assert "will show “Refunded”" in page
    assert "Yes, refund $350.00" in page


def test_yes_refunds_and_a_replayed_confirmation_is_refused(
    client, staff, paid_by_card, fake_stripe, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    confirmed = {"amount": "150.00", "reason": "Member price", "refundable_seen": "35000"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_create_url(paid_by_card), confirmed, follow=True)
    assert "Refund of $150.00 recorded" in response.text
    assert Refund.objects.get().status == S.SENT
    # The same confirmation again (a double click, the back button): refused, nothing refunded.
    response = client.post(_create_url(paid_by_card), confirmed)
    assert response.status_code == 400
    assert "changed since you confirmed" in response.text
    assert "now $200.00 can be refunded" in response.text
    assert Refund.objects.count() == 1
    assert len(fake_stripe.refunds) == 1


def test_a_confirmation_for_more_than_is_now_refundable_is_refused(client, staff, paid_by_card):
    invoice_refund(invoice=paid_by_card, amount=Money(35000), reason="Withdrew", actor=staff)
    client.force_login(staff)
    response = client.post(
        _create_url(paid_by_card),
        {"amount": "150", "reason": "Member price", "refundable_seen": "35000"},
    )
    assert response.status_code == 400
    assert "already been refunded" in response.text
    assert Refund.objects.count() == 1


def test_a_post_that_skipped_the_confirmation_is_sent_to_it(client, staff, paid_by_card):
    client.force_login(staff)
    response = client.post(_create_url(paid_by_card), {"amount": "150", "reason": "Member"})
    assert response.status_code == 302
    assert response["Location"].startswith(_confirm_url(paid_by_card) + "?")
    assert not Refund.objects.exists()


def test_the_candidate_and_staff_see_where_a_card_refund_is(
    client, staff, candidate, paid_by_card, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["down"]
    with django_capture_on_commit_callbacks(execute=True):
        (refund,) = invoice_refund(
            invoice=paid_by_card, amount=Money(15000), reason="Member price", actor=staff
        )
    today = timezone.localdate()
    requested = f"Refund of $150.00 requested on {today:%B} {today.day}, {today.year}"
    client.force_login(candidate)
    page = client.get(paid_by_card.get_absolute_url()).text
    assert f"{requested}: on its way." in page
    assert "Try again" not in page
    client.force_login(staff)
    page = client.get(paid_by_card.get_absolute_url()).text
    assert "Tried 1 time; Stripe's last answer: Stripe could not be reached" in page
    assert "203.0.113.9" not in page  # the raw error is in the log only
    Refund.objects.filter(pk=refund.pk).update(status=S.FAILED)
    client.force_login(candidate)
    page = client.get(paid_by_card.get_absolute_url()).text
    assert f"{requested}: could not be sent; program staff have been told." in page
    client.force_login(staff)
    assert "Try again: send $150.00 to the card" in client.get(paid_by_card.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("payments:refund_retry", args=[refund.pk]), {"back": "invoice"})
    client.force_login(candidate)
    assert f"{requested}: sent." in client.get(paid_by_card.get_absolute_url()).text


def test_staff_list_refunds_not_sent_failed_first_and_try_again(
    client, staff, program, fake_stripe, django_capture_on_commit_callbacks
):
    from certify.payments.api import enrollment_invoice_get_or_create

    def failed_refund(cents: int) -> Refund:
        person = UserFactory(roles=[Role.CANDIDATE])
        invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=person)
        card_paid(invoice, intent=f"pi_{person.pk}")
        fake_stripe.script = ["error:resource_missing"]
        with django_capture_on_commit_callbacks(execute=True):
            (refund,) = invoice_refund(
                invoice=invoice, amount=Money(cents), reason="x", actor=staff
            )
        return refund

    first = failed_refund(1000)
    client.force_login(staff)
    url = reverse("payments:staff_refunds")
    one = count_queries(lambda: client.get(url))
    failed_refund(2000)
    failed_refund(3000)
    assert count_queries(lambda: client.get(url)) == one
    page = client.get(url).text
    assert page.count("could not be sent.") == 3
    assert "Stripe does not know this card payment." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:refund_retry", args=[first.pk]), follow=True)
    assert "is being sent again" in response.text
    first.refresh_from_db()
    assert first.status == S.SENT
    assert client.get(url + "?status=failed").text.count("could not be sent.") == 2


def test_the_invoice_owner_cannot_retry_their_own_refund(
    client, program, staff, fake_stripe, django_capture_on_commit_callbacks
):
    from certify.payments.api import enrollment_invoice_get_or_create

    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    card_paid(invoice)
    fake_stripe.script = ["error:resource_missing"]
    with django_capture_on_commit_callbacks(execute=True):
        (refund,) = invoice_refund(invoice=invoice, amount=Money(100), reason="x", actor=staff)
    client.force_login(own)
    response = client.post(reverse("payments:refund_retry", args=[refund.pk]), follow=True)
    assert "own" in response.text
    refund.refresh_from_db()
    assert refund.status == S.FAILED


def test_an_offline_refund_reads_sent_and_records_no_tries(client, staff, invoice):
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="9", actor=staff
    )
    invoice_refund(invoice=invoice, amount=Money(35000), reason="Withdrew", actor=staff)
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).text
    assert ": sent.</strong>" in page
    assert "For the check payment" in page
    assert "Tried" not in page
    assert timezone.now() - Refund.objects.get().sent_at < timedelta(minutes=1)
