"""Every way a wallet or a person can be refused on the way to a wallet-bound credential (ADR
0033), each with the error code OpenID4VCI 1.0 / OAuth gives, and nothing issued."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import WalletIssuance, WalletNonce, WalletOffer
from tests.certificates.conftest import certificate_per_module, finish, nearly_done
from tests.certificates.wallet import CONFIGURATION_ID, Wallet, b64url, code_of, offer_make

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()


def error_of(answer) -> tuple[int, str]:
    assert answer["Cache-Control"] == "no-store"
    return answer.status_code, answer.json()["error"]


@pytest.fixture
def offered(client, certificate):
    """An offer the holder just made, and a wallet."""
    client.force_login(certificate.holder)
    return offer_make(client, certificate)[0], Wallet()


@pytest.fixture
def token(offered):
    offer, wallet = offered
    return wallet.token(code_of(offer)).json()["access_token"]


# --- The offer -------------------------------------------------------------------------------


def test_nobody_but_the_holder_makes_an_offer(client, certificate, program, staff_user):
    other, _ = nearly_done(program, name="Other Candidate")
    for person in (other.candidate, staff_user):
        client.force_login(person)
        assert client.post(f"/certificates/{certificate.number}/wallet/").status_code in (403, 404)
    client.logout()
    assert client.post(f"/certificates/{certificate.number}/wallet/").status_code == 302  # sign in
    assert not WalletOffer.objects.exists()


def test_reading_the_offer_address_makes_no_offer(client, certificate):
    client.force_login(certificate.holder)
    assert client.get(f"/certificates/{certificate.number}/wallet/").status_code == 405
    assert not WalletOffer.objects.exists()


@pytest.mark.parametrize("action", ["suspend", "revoke", "expire"])
def test_a_certificate_not_in_force_is_not_offered(client, program, staff_user, action):
    application, last = nearly_done(program)
    finish(last)
    certificate = application.certificate
    if action == "suspend":
        services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
    elif action == "revoke":
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    elif action == "expire":
        type(certificate).objects.filter(pk=certificate.pk).update(
            expires_on=timezone.localdate() - timedelta(days=1)
        )
    client.force_login(certificate.holder)
    answer = client.post(f"/certificates/{certificate.number}/wallet/", follow=True)
    assert "only a valid certificate can be added to a digital wallet" in answer.content.decode()
    assert not WalletOffer.objects.exists()


# --- The token endpoint ----------------------------------------------------------------------


def test_a_code_works_once_and_its_replay_also_ends_the_token_it_bought(offered):
    offer, wallet = offered
    first = wallet.token(code_of(offer))
    token = first.json()["access_token"]

    assert error_of(wallet.token(code_of(offer))) == (400, "invalid_grant")
    refused = wallet.request(token, wallet.proof(wallet.nonce()))
    assert error_of(refused) == (401, "invalid_token")
    assert refused["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert not WalletIssuance.objects.exists()


def test_an_expired_or_unknown_code_is_refused(offered):
    offer, wallet = offered
    WalletOffer.objects.update(code_expires_at=timezone.now() - timedelta(seconds=1))
    assert error_of(wallet.token(code_of(offer))) == (400, "invalid_grant")
    assert error_of(wallet.token("not-a-code")) == (400, "invalid_grant")


def test_malformed_token_requests_get_the_oauth_error_codes(offered):
    offer, wallet = offered
    post = wallet.client.post
    assert error_of(post("/oid4vci/token", {})) == (400, "invalid_request")
    assert error_of(post("/oid4vci/token", {"grant_type": "authorization_code", "code": "x"})) == (
        400,
        "unsupported_grant_type",
    )
    details = json.dumps([{"type": "openid_credential", "credential_configuration_id": "other"}])
    assert error_of(wallet.token(code_of(offer), authorization_details=details)) == (
        400,
        "invalid_authorization_details",
    )
    assert error_of(wallet.token(code_of(offer), tx_code="123456")) == (400, "invalid_request")
    assert wallet.token(code_of(offer)).status_code == 200  # none of these used the code


def test_json_nested_past_pythons_recursion_limit_is_a_wallet_error_not_a_crash(offered, token):
    """Ten thousand opened arrays (10 KB) made `json.loads` raise RecursionError, which the
    token and credential endpoints did not catch: a 500 for an anonymous caller. Now each is
    refused with the protocol's code, and the code and token still work. (A proof's header is
    at most 4,000 characters: too short to nest that deep.)"""
    offer, wallet = offered
    deep = "[" * 10_000
    assert error_of(wallet.token(code_of(offer), authorization_details=deep)) == (
        400,
        "invalid_authorization_details",
    )
    body = wallet.client.post(
        "/oid4vci/credential",
        deep,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert error_of(body) == (400, "invalid_credential_request")
    assert wallet.request(token, wallet.proof(wallet.nonce())).status_code == 200


def test_a_transaction_code_is_required_checked_and_not_guessable(client, certificate):
    client.force_login(certificate.holder)
    offer, page = offer_make(client, certificate, tx_code="1")
    right, wallet = page.context["offer"].tx_code, Wallet()
    wrong = "000000" if right != "000000" else "111111"

    assert error_of(wallet.token(code_of(offer))) == (400, "invalid_request")
    for _ in range(4):
        assert error_of(wallet.token(code_of(offer), tx_code=wrong)) == (400, "invalid_grant")
    assert wallet.token(code_of(offer), tx_code=right).status_code == 200

    guessed, page = offer_make(client, certificate, tx_code="1")
    for _ in range(5):
        wallet.token(code_of(guessed), tx_code=wrong)
    right = page.context["offer"].tx_code
    assert error_of(wallet.token(code_of(guessed), tx_code=right)) == (400, "invalid_grant")


def test_no_token_once_the_certificate_is_suspended(offered, certificate, staff_user):
    offer, wallet = offered
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
    assert error_of(wallet.token(code_of(offer))) == (400, "invalid_grant")


# --- Offers end at once when the certificate or the account does ----------------------------


def test_closing_the_account_ends_its_pending_offers_and_their_tokens(client, certificate):
    from certify.accounts.privacy import account_close
    from tests.factories import PASSWORD

    client.force_login(certificate.holder)
    waiting, wallet = offer_make(client, certificate)[0], Wallet()
    redeemed = offer_make(client, certificate)[0]
    token = wallet.token(code_of(redeemed)).json()["access_token"]

    account_close(user=certificate.holder, password=PASSWORD)

    assert error_of(wallet.token(code_of(waiting))) == (400, "invalid_grant")
    assert error_of(wallet.request(token, wallet.proof(wallet.nonce()))) == (401, "invalid_token")
    now = timezone.now()
    assert not WalletOffer.objects.filter(code_expires_at__gt=now, code_used_at=None).exists()
    assert not WalletOffer.objects.filter(token_expires_at__gt=now).exists()
    assert not WalletIssuance.objects.exists()


def test_an_offer_of_a_deactivated_account_is_refused_at_the_token_and_the_credential(
    client, offered, token, certificate
):
    _, wallet = offered
    offer = offer_make(client, certificate)[0]
    type(certificate.holder).objects.filter(pk=certificate.holder_id).update(is_active=False)
    assert error_of(wallet.token(code_of(offer))) == (400, "invalid_grant")
    answer = wallet.request(token, wallet.proof(wallet.nonce()))
    assert error_of(answer) == (400, "credential_request_denied")
    assert not WalletIssuance.objects.exists()


@pytest.mark.parametrize("action", ["suspend", "revoke", "replace"])
def test_a_certificate_leaving_force_ends_its_offers_for_good(
    client, program, staff_user, certificate, action
):
    """Even when it is back in force minutes later: the holder makes a new offer then."""
    client.force_login(certificate.holder)
    waiting, wallet = offer_make(client, certificate)[0], Wallet()
    token = wallet.token(code_of(offer_make(client, certificate)[0])).json()["access_token"]

    if action == "suspend":
        services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
        services.certificate_reinstate(certificate=certificate, actor=staff_user, reason="Fine.")
    elif action == "revoke":
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    else:
        other, last = nearly_done(program, name="Noor Haddad")
        finish(last)
        services.certificate_replace(
            certificate=certificate, replacement=other.certificate, actor=None
        )

    now = timezone.now()
    assert not WalletOffer.objects.filter(code_expires_at__gt=now, code_used_at=None).exists()
    assert not WalletOffer.objects.filter(token_expires_at__gt=now).exists()
    assert error_of(wallet.token(code_of(waiting))) == (400, "invalid_grant")
    assert error_of(wallet.request(token, wallet.proof(wallet.nonce()))) == (401, "invalid_token")
    assert not WalletIssuance.objects.exists()


# --- The credential endpoint -----------------------------------------------------------------


def test_no_credential_without_a_valid_token(offered, token):
    _, wallet = offered
    proof = wallet.proof(wallet.nonce())
    assert error_of(wallet.request("", proof)) == (401, "invalid_token")
    assert error_of(wallet.request("made-up", proof)) == (401, "invalid_token")
    WalletOffer.objects.update(token_expires_at=timezone.now())
    assert error_of(wallet.request(token, proof)) == (401, "invalid_token")
    assert not WalletIssuance.objects.exists()


def test_a_token_gets_only_its_own_offers_certificate(client, program, offered, token):
    other, last = nearly_done(program, name="Noor Haddad")
    finish(last)
    _, wallet = offered
    theirs = other.certificate
    answer = wallet.credential(
        token,
        {
            "credential_identifier": f"certificate-{theirs.number}",
            "proofs": {"jwt": [wallet.proof(wallet.nonce())]},
        },
    )
    assert error_of(answer) == (400, "unknown_credential_identifier")
    proof = wallet.proof(wallet.nonce())
    answer = wallet.request(token, proof, credential_configuration_id="SomethingElse")
    assert error_of(answer) == (400, "unknown_credential_configuration")
    assert not WalletIssuance.objects.exists()


def test_a_nonce_is_spent_once_and_an_unknown_or_expired_one_is_refused(offered, token):
    _, wallet = offered
    nonce = wallet.nonce()
    assert wallet.request(token, wallet.proof(nonce)).status_code == 200
    assert error_of(wallet.request(token, wallet.proof(nonce))) == (400, "invalid_nonce")
    assert error_of(wallet.request(token, wallet.proof("never-issued"))) == (400, "invalid_nonce")
    late = wallet.nonce()
    WalletNonce.objects.update(expires_at=timezone.now())
    assert error_of(wallet.request(token, wallet.proof(late))) == (400, "invalid_nonce")
    assert WalletIssuance.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"signer": "another wallet"}, "signature"),
        ({"aud": "https://issuer.example.org"}, "aud"),
        ({"typ": "JWT"}, "typ"),
        ({"alg": "HS256"}, "alg"),
        ({"iat": None}, "iat"),
        ({"iat": int(time.time()) - 3600}, "too old"),
        ({"iat": int(time.time()) + 3600}, "future"),
        ({"nonce": None}, "nonce"),
        ({"kid": "did:web:wallet.example.org#key-1"}, "kid"),
        ({"kid": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#other"}, "kid"),
    ],
)
def test_a_bad_proof_is_refused_as_invalid_proof(offered, token, change, why):
    _, wallet = offered
    nonce = wallet.nonce()
    if change.get("signer"):
        proof = wallet.proof(nonce, signer=Wallet())
    elif "alg" in change:  # a header naming another algorithm over a valid proof's parts
        header = {"typ": "openid4vci-proof+jwt", "kid": wallet.kid, **change}
        proof = (
            b64url(json.dumps(header).encode())
            + wallet.proof(nonce)[wallet.proof(nonce).index(".") :]
        )
    elif "nonce" in change:
        proof = wallet.proof(None)
    else:
        proof = wallet.proof(nonce, **change)
    status, code = error_of(answer := wallet.request(token, proof))
    assert (status, code) == (400, "invalid_proof")
    assert why in answer.json()["error_description"]
    assert not WalletIssuance.objects.exists()


def test_a_request_without_one_jwt_proof_is_refused(offered, token):
    _, wallet = offered
    base = {"credential_configuration_id": CONFIGURATION_ID}
    two = [wallet.proof(wallet.nonce()), wallet.proof(wallet.nonce())]
    for body in (
        base,
        {**base, "proofs": {"di_vp": [{}]}},
        {**base, "proofs": {"jwt": two}},
        {**base, "proofs": {"jwt": []}},
    ):
        assert error_of(wallet.credential(token, body)) == (400, "invalid_proof"), body
    assert error_of(wallet.credential(token, {"proofs": {"jwt": two[:1]}})) == (
        400,
        "invalid_credential_request",
    )


def test_no_credential_once_the_certificate_is_suspended_or_past_its_date(
    offered, token, certificate, staff_user
):
    _, wallet = offered
    type(certificate).objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )  # a date passing is no move: the token lasts, the certificate is checked again
    answer = wallet.request(token, wallet.proof(wallet.nonce()))
    assert error_of(answer) == (400, "credential_request_denied")
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
    answer = wallet.request(token, wallet.proof(wallet.nonce()))
    assert error_of(answer) == (401, "invalid_token")  # the suspension ended the token
    assert not WalletIssuance.objects.exists()


def test_a_credential_request_that_is_not_json_or_too_large_is_refused(offered, token):
    _, wallet = offered
    post = wallet.client.post
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    not_json = post("/oid4vci/credential", "{", content_type="application/json", **bearer)
    huge = json.dumps({"credential_configuration_id": CONFIGURATION_ID, "pad": "x" * 20_000})
    too_large = post("/oid4vci/credential", huge, content_type="application/json", **bearer)
    basic = post("/oid4vci/credential", "{}", content_type="application/json",
                 HTTP_AUTHORIZATION=f"Basic {token}")  # fmt: skip
    assert error_of(not_json) == (400, "invalid_credential_request")
    assert error_of(too_large) == (400, "invalid_credential_request")
    assert error_of(basic) == (401, "invalid_token")
