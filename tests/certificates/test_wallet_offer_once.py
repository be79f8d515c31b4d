"""The wallet offer is shown once by the page that answers its post (its code is kept only as a
hash), so the form carries a one-time token (ADR 0043): the same form sent again, by a reload or
by the browser, makes no second live offer and says why."""

from certify.certificates.models import WalletOffer
from tests.certificates.conftest import certificate_per_module
from tests.certificates.wallet import once

program, certificate = certificate_per_module()

ALREADY = "This wallet offer was already made: it was shown once."


def test_the_same_wallet_form_sent_twice_makes_one_offer_and_says_why(client, certificate):
    client.force_login(certificate.holder)
    url = f"/certificates/{certificate.number}/wallet/"
    token = once(client)
    assert token
    first = client.post(url, token)
    again = client.post(url, token, follow=True)  # a reload of the answer
    assert first.status_code == 200
    assert "openid-credential-offer://" in first.content.decode()
    assert ALREADY in again.content.decode()
    assert "openid-credential-offer://" not in again.content.decode()
    assert WalletOffer.objects.filter(certificate=certificate).count() == 1
    made = client.post(url, once(client))  # a fresh form makes a fresh offer
    assert made.status_code == 200
    assert WalletOffer.objects.filter(certificate=certificate).count() == 2


def test_a_wallet_form_without_its_token_makes_no_offer(client, certificate):
    client.force_login(certificate.holder)
    answer = client.post(f"/certificates/{certificate.number}/wallet/", follow=True)
    assert "This form was out of date, so nothing was made" in answer.content.decode()
    assert not WalletOffer.objects.filter(certificate=certificate).exists()
