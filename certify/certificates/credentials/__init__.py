"""Verifiable credentials, independent of the database: Open Badges 3.0 on the W3C VC 2.0 data
model, signed with Data Integrity `eddsa-rdfc-2022`, with Bitstring Status Lists.

- `contexts/` the pinned JSON-LD contexts, served by `loader.document_loader` (never the network);
- `keys` Ed25519 keys as Multikey (multibase base58btc) and the issuer's did:web document;
- `canon` RDFC-1.0 canonicalization with a "safe mode" (undefined terms, relative IRIs refused);
- `owncanon` the same canonical form for documents Certify builds, expanded once per shape;
- `sign` / `verify` the proof; `statuslist` the bitstring and its credential;
- `openbadge` the OpenBadgeCredential built from plain data.

See docs/decisions/0010-credentials.md.
"""

from typing import Any

# Keys first in the order the specifications' examples use; the rest alphabetically.
_KEY_ORDER = [
    "@context", "id", "type", "name", "description", "issuer", "validFrom", "validUntil",
    "credentialSubject", "credentialStatus", "cryptosuite", "created", "verificationMethod",
    "proofPurpose", "proofValue", "controller", "publicKeyMultibase", "assertionMethod", "proof",
]  # fmt: skip


def ordered(node: Any) -> Any:
    """The same JSON with keys in a fixed, readable order (databases may reorder them: jsonb)."""
    if isinstance(node, dict):
        keys = sorted(node, key=lambda k: (_KEY_ORDER.index(k) if k in _KEY_ORDER else 99, k))
        return {k: ordered(node[k]) for k in keys}
    if isinstance(node, list):
        return [ordered(v) for v in node]
    return node
