"""An offline JSON-LD document loader: the pinned contexts in `contexts/`, nothing else.

A credential is only ever processed with these exact contexts. Loading anything else (another
context, or any URL from the network) raises, so a credential that needs it fails to verify.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld.jsonld import JsonLdError

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

PINNED: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
    CLR_V2: "clr-v2p0-context-2.0.1.json",
}


@cache
def _text(name: str) -> str:
    return (CONTEXTS_DIR / name).read_text(encoding="utf-8")


def pinned_context(url: str) -> dict[str, Any]:
    """A fresh copy of a pinned context (callers may not share pyld's mutable result)."""
    return json.loads(_text(PINNED[url]))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader interface; refuses every URL that is not pinned."""
    if url not in PINNED:
        raise JsonLdError(
            f"Refusing to load {url}: only the pinned contexts are used, never the network.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": pinned_context(url),
        "tag": "static",
    }
