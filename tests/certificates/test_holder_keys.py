"""The holder's key from its DID, offline (`credentials/holder.py`): did:key (Ed25519, P-256)
and did:jwk, and what is refused."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc.jwk import ECKey, OKPKey

from certify.certificates.credentials.holder import ProofError, holder_key_resolve
from certify.certificates.credentials.keys import base58btc_encode
from tests.certificates.wallet import b64url, b64url_decode

SECP256K1 = "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"


def test_an_ed25519_did_key_gives_its_public_key():
    key = OKPKey.generate_key("Ed25519")
    x = key.as_dict(private=False)["x"]
    identifier = base58btc_encode(b"\xed\x01" + b64url_decode(x))
    found = holder_key_resolve(f"did:key:{identifier}#{identifier}")
    assert identifier.startswith("z6Mk")
    assert (found.did, found.jwk) == (
        f"did:key:{identifier}",
        {"kty": "OKP", "crv": "Ed25519", "x": x},
    )


def test_a_p256_did_key_gives_its_public_key_from_the_compressed_point():
    private = ec.generate_private_key(ec.SECP256R1())
    point = private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    identifier = base58btc_encode(b"\x80\x24" + point)
    found = holder_key_resolve(f"did:key:{identifier}#{identifier}")
    expected = ECKey.import_key(private.public_key()).as_dict(private=False)
    assert identifier.startswith("zDn")
    assert (found.jwk["x"], found.jwk["y"]) == (expected["x"], expected["y"])


def test_a_did_jwk_gives_its_key_and_one_holding_a_private_key_is_refused():
    key = ECKey.generate_key("P-256")
    public = b64url(json.dumps(key.as_dict(private=False)).encode())
    assert holder_key_resolve(f"did:jwk:{public}#0").jwk["crv"] == "P-256"
    private = b64url(json.dumps(key.as_dict(private=True)).encode())
    with pytest.raises(ProofError, match="private key"):
        holder_key_resolve(f"did:jwk:{private}#0")


@pytest.mark.parametrize(
    "kid",
    [
        None,
        "did:web:wallet.example.org#key-1",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",  # no fragment
        "#".join(["did:key:" + SECP256K1, SECP256K1]),  # a key type we do not take
        "did:key:z0OIl#z0OIl",  # not base58btc
        "did:jwk:bm90LWpzb24#0",  # not JSON
        "did:jwk:eyJrdHkiOiJSU0EifQ#0",  # an RSA key
        "did:key:" + "z" * 2000,
    ],
)
def test_other_kids_are_refused(kid):
    with pytest.raises(ProofError):
        holder_key_resolve(kid)
