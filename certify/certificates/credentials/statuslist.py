"""Bitstring Status List v1.0: the bitstring, its encoding, and the list credential.

Bit 0 is the left-most bit of the first byte. `encodedList` is the multibase base64url (no
padding, prefix `u`) of the GZIP-compressed bitstring. Lists hold at least 131,072 entries (16 KB)
so that a list does not reveal which credential was checked (herd privacy).
"""

import base64
import gzip
import hashlib
import hmac
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


def shuffled_index(key: bytes, position: int, length: int) -> int:
    """The index of the `position`-th entry handed out from a list of `length` entries, in the
    order `key` shuffles them (ADR 0061): a bijection of range(length), so positions 0, 1, 2, …
    never meet at one index, and without the key an index says nothing of when it was handed
    out or of its neighbours' (herd privacy).

    A four-round Feistel network keyed by HMAC-SHA256 permutes the smallest even-bit domain that
    holds `length`; an index past the list is permuted again until it falls inside (cycle-walking,
    which keeps it a bijection of range(length); on average under two rounds for a power of two).
    """
    if not 0 <= position < length:
        raise StatusListError(f"Position {position} is outside the list.")
    half = max(1, ((length - 1).bit_length() + 1) // 2)
    mask = (1 << half) - 1
    index = position
    while True:
        left, right = index >> half, index & mask
        for round_ in range(4):
            digest = hmac.digest(key, bytes((round_,)) + right.to_bytes(8, "big"), hashlib.sha256)
            left, right = right, left ^ (int.from_bytes(digest[:8], "big") & mask)
        index = (left << half) | right
        if index < length:
            return index


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
