"""The holder's key: a `did:key` or `did:jwk` DID resolved without the network, and the proof of
possession a wallet sends with an OpenID4VCI credential request (the `jwt` proof type).

Both DID methods carry the public key in the identifier itself, so resolving is decoding:
- `did:key:z6Mk…` is an Ed25519 key, `did:key:zDn…` a P-256 key (multibase base58btc of a
  multicodec-prefixed key); its one verification method is `did:key:z…#z…`;
- `did:jwk:<base64url of a JWK>`; its one verification method is `did:jwk:…#0`.

A proof is refused with an `ProofError` whose `code` is the OpenID4VCI error
(`invalid_proof`, `invalid_nonce`); see docs/decisions/0033-wallet-delivery.md for what is checked
and why two of the checks accept what Digital Bazaar's client sends.
"""

import base64
import binascii
import json
import warnings
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey

from certify.certificates.credentials.keys import KeyFormatError, base58btc_decode

PROOF_TYPE = "openid4vci-proof+jwt"
ALGORITHMS = ("EdDSA", "ES256")
BINDING_METHODS = ("did:key", "did:jwk")
# The multicodec prefixes (varints) of the public keys did:key may carry here.
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"
# A proof's `iat` may be this far in the future (clocks differ) or in the past.
CLOCK_SKEW = 60
MAX_AGE = 300
MAX_DID_LENGTH = 1000
MAX_JWT_LENGTH = 4000


class ProofError(ValueError):
    """A key proof that cannot be accepted; `code` is the OpenID4VCI error code."""

    def __init__(self, message: str, *, code: str = "invalid_proof") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _b64url_decode(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ProofError("The DID is not valid base64url.") from error


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _jwk_from_did_key(identifier: str) -> dict[str, Any]:
    try:
        data = base58btc_decode(identifier)
    except KeyFormatError as error:
        raise ProofError(f"The did:key is not valid: {error.args[0]}") from error
    if data.startswith(ED25519_PUB) and len(data) == 34:
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(data[2:])}
    if data.startswith(P256_PUB) and len(data) == 35:
        try:
            point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data[2:])
        except ValueError as error:
            raise ProofError("The did:key's P-256 key is not a point on the curve.") from error
        numbers = point.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64url(numbers.x.to_bytes(32, "big")),
            "y": _b64url(numbers.y.to_bytes(32, "big")),
        }
    raise ProofError("The did:key holds neither an Ed25519 nor a P-256 public key.")


def _jwk_from_did_jwk(identifier: str) -> dict[str, Any]:
    try:
        jwk = json.loads(_b64url_decode(identifier))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProofError("The did:jwk does not hold a JSON Web Key.") from error
    if not isinstance(jwk, dict):
        raise ProofError("The did:jwk does not hold a JSON Web Key.")
    if "d" in jwk:
        raise ProofError("The did:jwk holds a private key: it must hold only the public key.")
    kind = (jwk.get("kty"), jwk.get("crv"))
    if kind == ("OKP", "Ed25519"):
        return {"kty": "OKP", "crv": "Ed25519", "x": jwk.get("x")}
    if kind == ("EC", "P-256"):
        return {"kty": "EC", "crv": "P-256", "x": jwk.get("x"), "y": jwk.get("y")}
    raise ProofError("The did:jwk holds neither an Ed25519 nor a P-256 public key.")


@dataclass(frozen=True)
class HolderKey:
    did: str  # the DID the credential is bound to (credentialSubject.id)
    jwk: dict[str, Any]  # its public key


def holder_key_resolve(kid: Any) -> HolderKey:
    """The DID and public key a DID URL (`kid`) names; only did:key and did:jwk, offline."""
    if not isinstance(kid, str) or len(kid) > MAX_DID_LENGTH:
        raise ProofError("The proof's kid must be a did:key or did:jwk DID URL.")
    did, _, fragment = kid.partition("#")
    if did.startswith("did:key:"):
        identifier = did.removeprefix("did:key:")
        if fragment != identifier:
            raise ProofError("The proof's kid must be did:key:<key>#<key>.")
        return HolderKey(did, _jwk_from_did_key(identifier))
    if did.startswith("did:jwk:"):
        if fragment != "0":
            raise ProofError("The proof's kid must be did:jwk:<key>#0.")
        return HolderKey(did, _jwk_from_did_jwk(did.removeprefix("did:jwk:")))
    raise ProofError("The proof's kid must be a did:key or did:jwk DID URL.")


def _public_key(jwk: dict[str, Any]) -> OKPKey | ECKey:
    try:
        if jwk["kty"] == "OKP":
            return OKPKey.import_key(jwk)
        return ECKey.import_key(jwk)
    except (JoseError, ValueError, TypeError) as error:
        raise ProofError("The holder's public key is not valid.") from error


@dataclass(frozen=True)
class Proof:
    did: str
    nonce: str


def _header(token: str) -> dict[str, Any]:
    try:
        return dict(jws.extract_compact(token.encode("ascii")).protected)
    except (JoseError, ValueError, UnicodeError) as error:
        raise ProofError("The proof is not a JWT.") from error


def proof_jwt_verify(token: Any, *, audience: str, now: float) -> Proof:
    """Check a `jwt` key proof: its header, its signature by the key its `kid` names, its
    audience and age. Returns the holder's DID and the proof's nonce; the caller checks (and
    spends) the nonce."""
    if not isinstance(token, str) or len(token) > MAX_JWT_LENGTH:
        raise ProofError("The proof must be one compact JWT.")
    header = _header(token)
    if header.get("typ", PROOF_TYPE) != PROOF_TYPE:
        raise ProofError(f"The proof's typ must be {PROOF_TYPE}.")
    if header.get("alg") not in ALGORITHMS:
        raise ProofError(f"The proof's alg must be one of {', '.join(ALGORITHMS)}.")
    if "jwk" in header or "x5c" in header:
        raise ProofError("The proof must name its key by kid (a DID URL), not jwk or x5c.")
    holder = holder_key_resolve(header.get("kid"))
    key = _public_key(holder.jwk)
    try:
        with warnings.catch_warnings():
            # RFC 9864 prefers "Ed25519" to "EdDSA"; OpenID4VCI wallets still send EdDSA.
            warnings.simplefilter("ignore")
            claims = jwt.decode(token, key, algorithms=list(ALGORITHMS)).claims
    except (JoseError, ValueError) as error:
        raise ProofError("The proof's signature does not verify with the key its kid names.") from (
            error
        )
    if claims.get("aud") != audience:
        raise ProofError(f"The proof's aud must be the credential issuer, {audience}.")
    _check_times(claims, now)
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ProofError("The proof has no nonce: get one from the nonce endpoint.")
    return Proof(did=holder.did, nonce=nonce)


def _check_times(claims: dict[str, Any], now: float) -> None:
    # `iat` is required; Digital Bazaar's client sends `nbf` (its creation time) instead.
    issued = claims.get("iat", claims.get("nbf"))
    if issued is None:
        raise ProofError("The proof has no iat (the time it was made).")
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        raise ProofError("The proof's iat must be a number of seconds.")
    if issued > now + CLOCK_SKEW:
        raise ProofError("The proof's iat is in the future.")
    if issued < now - MAX_AGE:
        raise ProofError("The proof is too old: make a new one with a fresh nonce.")
    expires = claims.get("exp")
    if expires is not None and (not isinstance(expires, int | float) or expires < now):
        raise ProofError("The proof has expired.")
