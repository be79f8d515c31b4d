"""Wallet delivery (OpenID4VCI 1.0, pre-authorized code flow; ADR 0033): a test wallet with its
own key takes the offer from the holder's page, trades the code for a token, gets a nonce,
proves its key and receives the certificate's credential bound to its DID, which verifies."""

import hashlib
import json
import time

import pytest

from certify.certificates import api, services
from certify.certificates.models import WalletIssuance, WalletNonce, WalletOffer
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.wallet import CONFIGURATION_ID, PRE_AUTHORIZED, Wallet, code_of, offer_make

SITE = "http://127.0.0.1:8000"  # SITE_URL of the test settings


def test_the_issuer_metadata_names_its_endpoints_and_the_one_certificate_configuration(
    client, program
):
    answer = client.get("/.well-known/openid-credential-issuer")
    metadata = answer.json()
    assert answer["Content-Type"] == "application/json"
    assert metadata["credential_issuer"] == SITE
    assert metadata["credential_endpoint"] == f"{SITE}/oid4vci/credential"
    assert metadata["nonce_endpoint"] == f"{SITE}/oid4vci/nonce"
    assert metadata["display"] == [
        {"name": "ALA-Allied Professional Association", "locale": "en-US"}
    ]
    assert list(metadata["credential_configurations_supported"]) == [CONFIGURATION_ID]
    configuration = metadata["credential_configurations_supported"][CONFIGURATION_ID]
    assert configuration["format"] == "ldp_vc"
    assert configuration["credential_definition"] == {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    }
    assert configuration["cryptographic_binding_methods_supported"] == ["did:key", "did:jwk"]
    assert configuration["proof_types_supported"] == {
        "jwt": {"proof_signing_alg_values_supported": ["EdDSA", "ES256"]}
    }
    display = configuration["credential_metadata"]["display"][0]
    assert display["name"] == "Library Support Staff Certification Program"
    # Digital Bazaar's client's discovery reads the token endpoint from this document, and
    # its fetch of it stops at 4 KiB.
    assert metadata["token_endpoint"] == f"{SITE}/oid4vci/token"
    assert metadata["issuer"] == SITE
    assert len(answer.content) < 4096


def test_the_authorization_server_metadata_allows_anonymous_pre_authorized_codes(client, db):
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert metadata["issuer"] == SITE
    assert metadata["token_endpoint"] == f"{SITE}/oid4vci/token"
    assert metadata["grant_types_supported"] == [PRE_AUTHORIZED]
    assert metadata["pre-authorized_grant_anonymous_access_supported"] is True
    # RFC 8414 puts the issuer's path ("/") after the name: Digital Bazaar's client asks so
    assert client.get("/.well-known/oauth-authorization-server/").json() == metadata


@pytest.mark.parametrize("method", ["did:key", "did:jwk"])
def test_a_wallet_receives_the_certificate_bound_to_its_own_did_and_it_verifies(
    client, certificate, method
):
    client.force_login(certificate.holder)
    offer, page = offer_make(client, certificate)
    assert offer["credential_issuer"] == SITE
    assert offer["credential_configuration_ids"] == [CONFIGURATION_ID]
    assert "tx_code" not in offer["grants"][PRE_AUTHORIZED]
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code
    assert page["Cache-Control"] == "no-store"
    wallet = Wallet(method)

    credential = wallet.receive(offer)

    assert credential["credentialSubject"]["id"] == wallet.did
    assert_ob3_valid(credential)
    assert (
        credential["credentialSubject"]["achievement"]
        == (certificate.credential["credentialSubject"]["achievement"])
    )
    assert credential["credentialStatus"] == certificate.credential["credentialStatus"]
    assert credential["id"] != certificate.credential["id"]
    checked = services.credential_verify(document=credential)
    assert (checked.verified, checked.status) == (True, "valid"), checked
    issuance = WalletIssuance.objects.get()
    assert (issuance.certificate, issuance.holder_did) == (certificate, wallet.did)
    assert credential["id"] == f"urn:uuid:{issuance.credential_id}"
    assert list(api.wallet_issuance_list(certificate=certificate)) == [issuance]


def test_a_wallet_that_asks_by_authorization_details_uses_the_credential_identifier(
    client, certificate
):
    client.force_login(certificate.holder)
    offer, _ = offer_make(client, certificate)
    wallet = Wallet()
    details = [{"type": "openid_credential", "credential_configuration_id": CONFIGURATION_ID}]

    answer = wallet.token(code_of(offer), authorization_details=json.dumps(details)).json()
    identifiers = answer["authorization_details"][0]["credential_identifiers"]
    received = wallet.credential(
        answer["access_token"],
        {
            "credential_identifier": identifiers[0],
            "proofs": {"jwt": [wallet.proof(wallet.nonce())]},
        },
    )

    assert answer["token_type"] == "bearer"
    assert answer["authorization_details"][0]["credential_configuration_id"] == CONFIGURATION_ID
    assert identifiers == [f"certificate-{certificate.number}"]
    assert received.status_code == 200, received.content
    assert received.json()["credentials"][0]["credential"]["credentialSubject"]["id"] == wallet.did


def test_digital_bazaars_request_shapes_are_accepted(client, certificate):
    """Its client (5.10) sends `proofs` with a `proof_type` member, and its proof JWT has no
    `typ` and `nbf` where `iat` belongs; older wallets send the singular `proof`."""
    client.force_login(certificate.holder)
    wallet = Wallet()
    token = wallet.token(code_of(offer_make(client, certificate)[0])).json()["access_token"]
    proof = wallet.proof(wallet.nonce(), typ=None, iat=None, nbf=int(time.time()))

    with_type = wallet.credential(
        token,
        {
            "credential_configuration_id": CONFIGURATION_ID,
            "proofs": {"proof_type": "jwt", "jwt": [proof]},
        },
    )
    singular = wallet.credential(
        token,
        {
            "credential_configuration_id": CONFIGURATION_ID,
            "proof": {"proof_type": "jwt", "jwt": wallet.proof(wallet.nonce())},
        },
    )

    assert with_type.status_code == 200, with_type.content
    assert singular.status_code == 200, singular.content
    assert WalletIssuance.objects.count() == 2


def test_only_hashes_of_codes_tokens_and_nonces_are_stored(client, certificate):
    client.force_login(certificate.holder)
    offer, page = offer_make(client, certificate, tx_code="1")
    code, shown = code_of(offer), page.context["offer"].tx_code
    wallet = Wallet()
    token = wallet.token(code, tx_code=shown).json()["access_token"]
    nonce = wallet.nonce()

    stored = json.dumps(
        list(WalletOffer.objects.values()) + list(WalletNonce.objects.values()), default=str
    )
    for secret in (code, shown, token, nonce):
        assert secret not in stored
    assert WalletOffer.objects.filter(code_hash=hashlib.sha256(code.encode()).hexdigest()).exists()
    assert (len(shown), shown.isdigit()) == (6, True)
    assert shown in page.content.decode()  # shown on the page, not in the QR code's offer
    assert shown not in json.dumps(offer)
    assert offer["grants"][PRE_AUTHORIZED]["tx_code"]["length"] == 6
