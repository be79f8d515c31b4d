"""Ed25519 keys as Multikey, and the issuer's did:web identifier and DID document."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
# The multicodec prefix of an Ed25519 public key (0xed, as a varint: 0xed 0x01).
ED25519_PUB_PREFIX = b"\xed\x01"


class KeyFormatError(ValueError):
    """A multibase or Multikey value is not what it claims to be."""


def base58btc_encode(data: bytes) -> str:
    """Multibase base58btc: the `z` prefix and Bitcoin's alphabet."""
    return "z" + base58.b58encode(data).decode("ascii")


def base58btc_decode(value: str) -> bytes:
    if not value.startswith("z"):
        raise KeyFormatError("Only multibase base58btc values (starting with 'z') are supported.")
    try:
        return base58.b58decode(value[1:])
    except ValueError as error:
        raise KeyFormatError("Not valid base58btc.") from error


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base58btc_encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    data = base58btc_decode(value)
    if len(data) != 34 or not data.startswith(ED25519_PUB_PREFIX):
        raise KeyFormatError("Not an Ed25519 Multikey public key.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def key_generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def did_web_for(site_url: str) -> str:
    """`https://certify.example.org` → `did:web:certify.example.org` (a port becomes `%3A`).

    A path in the URL becomes colon-separated segments, as the did:web method defines; the DID
    document is then served at that path + `/did.json` instead of `/.well-known/did.json`.
    """
    parts = urlsplit(site_url)
    if not parts.hostname:
        raise ValueError(f"SITE_URL has no host: {site_url!r}")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    path = [quote(p, safe="") for p in parts.path.strip("/").split("/") if p]
    return ":".join(["did:web", host, *path])


@dataclass(frozen=True)
class PublishedKey:
    """A key in the issuer's DID document: its fragment and public key."""

    fragment: str
    public_key_multibase: str


def verification_method_id(did: str, fragment: str) -> str:
    return f"{did}#{fragment}"


def did_document(*, did: str, keys: list[PublishedKey]) -> dict[str, Any]:
    """The DID document listing every key that may have signed a credential still in use.

    Every key, active or retired, is an `assertionMethod`: credentials signed before a rotation
    keep verifying. A key that must no longer be trusted is left out entirely.
    """
    methods = [
        {
            "id": verification_method_id(did, key.fragment),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def verification_method_from(document: dict[str, Any], method_id: str) -> dict[str, Any] | None:
    """The verification method `method_id` of a DID document, with the Multikey context."""
    for method in document.get("verificationMethod", []):
        if isinstance(method, dict) and method.get("id") == method_id:
            return {"@context": MULTIKEY_CONTEXT, **method}
    return None
