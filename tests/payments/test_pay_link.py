"""The invoice e-mail's way to pay, as a link's holder meets it: the link opens the signed-in
invoice page, paying is a POST (a GET or HEAD of the pay address opens nothing at Stripe), a
replayed click gets the same session back, and a click on an invoice that stopped taking money
since (voided and replaced, paid) asks Stripe nothing and says why; another account pays no one
else's invoice."""

from unittest import mock

from django.urls import reverse

from certify.accounts.models import Role
from certify.payments.models import CheckoutSession
from certify.payments.services import invoice_reissue
from tests.factories import UserFactory
from tests.payments.conftest import card_paid


def _session(session_id="cs_test_link"):
    return mock.Mock(id=session_id, url=f"https://checkout.stripe.com/c/pay/{session_id}")


def test_a_get_or_head_of_the_pay_address_opens_no_checkout(client, candidate, invoice, stripe_on):
    client.force_login(candidate)
    url = reverse("payments:pay", args=[invoice.code])
    with mock.patch("stripe.checkout.Session.create", return_value=_session()) as create:
        assert client.get(url).status_code == 405
        assert client.head(url).status_code == 405
    create.assert_not_called()
    assert not CheckoutSession.objects.exists()


def test_a_pay_click_after_the_invoice_was_replaced_or_paid_asks_stripe_nothing(
    client, candidate, invoice, stripe_on
):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(candidate)
    old_url = reverse("payments:pay", args=[invoice.code])
    new = invoice_reissue(
        invoice=invoice, reason="Bill the employer.", actor=staff, bill_to_name="Riverside Library"
    )
    with mock.patch("stripe.checkout.Session.create", return_value=_session()) as create:
        refused = client.post(old_url, follow=True)
        assert (
            f"Invoice {invoice.code} was replaced by invoice {new.code}. Nothing was charged. "
            f"Pay invoice {new.code} instead."
        ) in refused.text
        card_paid(new)
        paid = client.post(reverse("payments:pay", args=[new.code]), follow=True)
        assert f"Invoice {new.code} has nothing left to pay." in paid.text
    create.assert_not_called()
    assert not CheckoutSession.objects.exists()


def test_another_account_cannot_pay_through_the_link(client, candidate, invoice, stripe_on):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    with mock.patch("stripe.checkout.Session.create", return_value=_session()) as create:
        assert client.get(invoice.get_absolute_url()).status_code == 404
        assert client.post(reverse("payments:pay", args=[invoice.code])).status_code == 404
    create.assert_not_called()
