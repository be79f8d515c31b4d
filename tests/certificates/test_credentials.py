"""The credential layer on its own: signing, verifying, tampering, status, keys (no database)."""

import copy
import gzip
from datetime import timedelta

import pytest
from pyld.jsonld import JsonLdError

from certify.certificates.credentials import keys, loader, statuslist
from certify.certificates.credentials.canon import CanonicalizationError, canonize
from certify.certificates.credentials.verify import verify_credential
from tests.certificates.credentials import DID, INDEX, ISSUED, Issuer, leaves, tampered

NOW = ISSUED + timedelta(days=30)


@pytest.fixture(scope="module")
def issuer():
    return Issuer()


@pytest.fixture(scope="module")
def credential(issuer):
    return issuer.issue(holder="Zoë Okafor 王小明 محمد")


def test_an_issued_credential_is_an_open_badge_that_verifies(issuer, credential):
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert isinstance(credential["proof"], list)
    assert len(credential["proof"]) == 1
    proof = credential["proof"][0]
    assert credential["credentialStatus"]["statusPurpose"] == "revocation"  # one entry
    assert (proof["type"], proof["cryptosuite"], proof["proofPurpose"]) == (
        "DataIntegrityProof",
        "eddsa-rdfc-2022",
        "assertionMethod",
    )
    assert proof["proofValue"].startswith("z")
    assert len(keys.base58btc_decode(proof["proofValue"])) == 64
    assert proof["verificationMethod"].startswith(DID + "#z6Mk")
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["alignment"][0]["targetType"] == "CFItem"
    result = verify_credential(credential, resolve=issuer.resolver(), now=NOW)
    assert result.verified, result.problems
    assert result.checks == [
        ("Signature", True),
        ("Status (revocation)", True),
        ("Dates", True),
    ]


def test_a_credential_in_the_old_shape_still_verifies(issuer):
    old = issuer.issue_old_shape()
    assert isinstance(old["proof"], dict)
    assert len(old["credentialStatus"]) == 2
    result = verify_credential(old, resolve=issuer.resolver(), now=NOW)
    assert result.verified, result.problems
    assert [name for name, _ in result.checks] == [
        "Signature",
        "Status (revocation)",
        "Status (suspension)",
        "Dates",
    ]


def test_changing_any_value_anywhere_breaks_the_signature(issuer, credential):
    resolve = issuer.resolver()
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    paths = [path for path, _ in leaves(unsigned)]
    assert len(paths) > 40
    survived = []
    for path in paths:
        result = verify_credential(tampered(credential, path), resolve=resolve, now=NOW)
        if result.signature_valid:
            survived.append(path)
    assert survived == []


@pytest.mark.parametrize("field", ["proofValue", "created", "verificationMethod", "cryptosuite"])
def test_changing_the_proof_breaks_it(issuer, credential, field):
    changed = tampered(credential, ("proof", 0, field))
    result = verify_credential(changed, resolve=issuer.resolver())
    assert not result.signature_valid


def test_an_added_property_that_no_context_defines_is_refused(issuer, credential):
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["grade"] = "A+"
    result = verify_credential(changed, resolve=issuer.resolver(), now=NOW)
    assert not result.signature_valid
    assert "Terms not defined by the contexts: grade." in result.problems


def test_relative_iris_and_unknown_keywords_are_refused_like_json_ld_safe_mode():
    base = {"@context": [loader.CREDENTIALS_V2], "type": ["VerifiableCredential"]}
    with pytest.raises(CanonicalizationError, match="relative IRI"):
        canonize({**base, "id": "credentials/1"})
    with pytest.raises(CanonicalizationError, match="Unknown JSON-LD keyword: @foo"):
        canonize({**base, "@foo": "bar"})


def test_the_loader_never_fetches_anything():
    with pytest.raises(JsonLdError, match="never the network"):
        loader.document_loader("https://example.org/context.jsonld")
    doc = {"@context": "https://example.org/context.jsonld", "name": "x"}
    with pytest.raises(CanonicalizationError, match="Not valid JSON-LD"):
        canonize(doc)


@pytest.mark.parametrize(
    ("shape", "purpose", "status"),
    [
        ("current", "revocation", "revoked"),
        ("current", "suspension", "valid"),  # no longer named by new credentials
        ("old", "revocation", "revoked"),
        ("old", "suspension", "suspended"),
    ],
)
def test_a_set_status_bit_revokes_or_suspends(issuer, credential, shape, purpose, status):
    same_keys = Issuer(keys=issuer.keys)  # fresh bits, the module's keys
    same_keys.set_bit(purpose)
    document = credential if shape == "current" else issuer.issue_old_shape()
    result = verify_credential(document, resolve=same_keys.resolver(), now=NOW)
    if status == "valid":
        assert result.verified, result.problems
        return
    assert (result.signature_valid, result.status, result.verified) == (True, status, False)


def test_a_rotated_out_key_still_verifies_what_it_signed_and_a_withdrawn_one_does_not():
    old, new = keys.key_generate(), keys.key_generate()
    issuer = Issuer(keys=[old])
    signed_before = issuer.issue()
    issuer.keys.append(new)  # rotation: the new key signs, the old one stays published
    signed_after = issuer.issue()
    resolve = issuer.resolver()
    assert verify_credential(signed_before, resolve=resolve, now=NOW).verified
    assert verify_credential(signed_after, resolve=resolve, now=NOW).verified
    assert (
        signed_before["proof"][0]["verificationMethod"]
        != signed_after["proof"][0]["verificationMethod"]
    )
    issuer.published = [new]  # a compromised key is withdrawn from the DID document
    result = verify_credential(signed_before, resolve=issuer.resolver(), now=NOW)
    assert not result.signature_valid


def test_a_key_of_another_issuer_cannot_sign_for_ours(issuer):
    forged = Issuer().issue()  # our DID as issuer, signed by a key we never published
    result = verify_credential(forged, resolve=issuer.resolver(), now=NOW)
    assert not result.signature_valid
    assert "not one the issuer uses" in result.problems[0]


def test_dates_are_checked_after_the_signature(issuer, credential):
    resolve = issuer.resolver()
    late = verify_credential(credential, resolve=resolve, now=ISSUED + timedelta(days=6 * 365))
    future = issuer.issue(valid_from=ISSUED + timedelta(days=10))
    early = verify_credential(future, resolve=resolve, now=ISSUED + timedelta(days=5))
    assert (late.signature_valid, late.status) == (True, "expired")
    assert (early.signature_valid, early.status) == (True, "not_yet_valid")


def test_a_tampered_status_list_is_not_trusted(issuer, credential):
    documents = issuer.documents()
    url = next(u for u in documents if u.endswith("revocation-1"))
    documents[url] = tampered(documents[url], ("credentialSubject", "encodedList"))
    result = verify_credential(credential, resolve=documents.get, now=NOW)
    assert (result.signature_valid, result.status) == (True, "invalid")
    assert any("status list does not verify" in p for p in result.problems)


def test_non_credentials_are_explained():
    assert verify_credential([], resolve={}.get).problems == ["A credential is a JSON object."]
    result = verify_credential({"@context": ["x"]}, resolve={}.get)
    assert "first @context" in result.problems[0]


# --- Status lists, keys, did:web ----------------------------------------------------------------


def test_status_lists_have_131072_entries_and_bit_zero_is_the_leftmost():
    bits = statuslist.empty()
    assert len(bits) * 8 == statuslist.MIN_LENGTH == 131072
    bits = statuslist.bit_set(bits, 0, True)
    assert bits[0] == 0x80
    bits = statuslist.bit_set(bits, INDEX, True)
    assert statuslist.bit_get(bits, INDEX)
    assert not statuslist.bit_get(bits, INDEX + 1)
    encoded = statuslist.encode(bits)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert statuslist.decode(encoded) == bits
    import base64

    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bits
    with pytest.raises(statuslist.StatusListError):
        statuslist.empty(1024)
    with pytest.raises(statuslist.StatusListError):
        statuslist.decode("zabc")


def test_multikey_public_keys_carry_the_ed25519_prefix():
    key = keys.key_generate()
    encoded = keys.public_key_multibase(key.public_key())
    assert encoded.startswith("z6Mk")
    assert keys.base58btc_decode(encoded)[:2] == b"\xed\x01"
    assert keys.public_key_from_multibase(encoded) == key.public_key()
    with pytest.raises(keys.KeyFormatError):
        keys.public_key_from_multibase("z" + encoded[5:])


@pytest.mark.parametrize(
    ("url", "did"),
    [
        ("https://certify.example.org", "did:web:certify.example.org"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://example.org/lsscp/", "did:web:example.org:lsscp"),
    ],
)
def test_did_web_is_derived_from_the_site_url(url, did):
    assert keys.did_web_for(url) == did
