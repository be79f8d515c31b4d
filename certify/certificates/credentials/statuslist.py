"""Bitstring Status List v1.0: the bitstring, its encoding, and the list credential.

Bit 0 is the left-most bit of the first byte. `encodedList` is the multibase base64url (no
padding, prefix `u`) of the GZIP-compressed bitstring. Lists hold at least 131,072 entries (16 KB)
so that a list does not reveal which credential was checked (herd privacy).
"""

import base64
import gzip
from typing import Any

from certify.certificates.credentials.loader import CREDENTIALS_V2

MIN_LENGTH = 131_072
PURPOSES = ("revocation", "suspension")
# How long a verifier may keep a list before fetching it again, in milliseconds (the spec's
# `ttl`; its default is 300,000). The HTTP Cache-Control max-age of the list says the same.
TTL_MS = 60_000
# The media type of a Verifiable Credential (VC Data Model 2.0), which a status list is.
MEDIA_TYPE = "application/vc"


class StatusListError(ValueError):
    pass


def empty(length: int = MIN_LENGTH) -> bytes:
    if length < MIN_LENGTH or length % 8:
        raise StatusListError(f"A list holds at least {MIN_LENGTH} entries, in whole bytes.")
    return bytes(length // 8)


def bit_get(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"Index {index} is outside the list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def bit_set(bits: bytes, index: int, value: bool) -> bytes:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"Index {index} is outside the list.")
    data = bytearray(bits)
    mask = 0x80 >> (index % 8)
    data[index // 8] = (data[index // 8] | mask) if value else (data[index // 8] & ~mask)
    return bytes(data)


def encode(bits: bytes) -> str:
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url (starting with 'u').")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError("encodedList is not a GZIP-compressed bitstring.") from error


def entry(*, list_url: str, index: int, purpose: str) -> dict[str, Any]:
    """A credential's BitstringStatusListEntry."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def list_credential(
    *, list_url: str, issuer: str, purpose: str, bits: bytes, valid_from: str
) -> dict[str, Any]:
    """The (unsigned) BitstringStatusListCredential for one list."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode(bits),
            "ttl": TTL_MS,
        },
    }
