"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.

The data signed is SHA-256(canonical proof options) ‖ SHA-256(canonical document), where the
proof options are the proof without `proofValue`, under the document's `@context`. The proof
value is the 64-byte Ed25519 signature, multibase base58btc.

Certify signs what it built itself through `owncanon` (each document shape expanded once);
a verifier canonicalizes what it is given with `canon`, under a work budget. Both give the same
bytes for the same document (ADR 0057).
"""

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certify.certificates.credentials import owncanon
from certify.certificates.credentials.canon import canonical_hash
from certify.certificates.credentials.keys import base58btc_encode
from certify.certificates.credentials.rdfc import WorkBudget

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"


def xsd_datetime(moment: datetime) -> str:
    """An XSD dateTimeStamp in UTC, to the second: `2026-11-27T15:04:05Z`."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_options(*, verification_method: str, created: datetime) -> dict[str, Any]:
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }


def signing_input(
    document: dict[str, Any], options: dict[str, Any], *, budget: WorkBudget | None = None
) -> bytes:
    """What the signature covers. `document` without its proof; `options` without proofValue.
    A verifier passes the `budget` both canonicalizations share (`rdfc`)."""
    config = {"@context": document["@context"], **options}
    return canonical_hash(config, budget=budget) + canonical_hash(document, budget=budget)


def own_signing_input(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """The same bytes as `signing_input`, for a document Certify built itself: its shape's
    expansion is cached (`owncanon`, ADR 0057). Never for a document from outside."""
    config = {"@context": document["@context"], **options}
    return owncanon.canonical_hash(config) + owncanon.canonical_hash(document)


def sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    """A copy of `document` with one DataIntegrityProof, in an array (the form Open Badges 3.0's
    JSON schema requires; VC 2.0 allows both); any earlier proof is replaced."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = proof_options(verification_method=verification_method, created=created)
    signature = private_key.sign(own_signing_input(unsigned, options))
    return {**unsigned, "proof": [{**options, "proofValue": base58btc_encode(signature)}]}
