"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.

The data signed is SHA-256(canonical proof options) ‖ SHA-256(canonical document), where the
proof options are the proof without `proofValue`, under the document's `@context`. The proof
value is the 64-byte Ed25519 signature, multibase base58btc.
"""

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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
    signature = private_key.sign(signing_input(unsigned, options))
    return {**unsigned, "proof": [{**options, "proofValue": base58btc_encode(signature)}]}
