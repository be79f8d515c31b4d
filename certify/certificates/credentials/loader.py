"""An offline JSON-LD document loader: the pinned contexts in `contexts/`, nothing else.

A credential is only ever processed with these exact contexts. Loading anything else (another
context, or any URL from the network) raises, so a credential that needs it fails to verify.
"""

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
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


class PerThreadCache:
    """pyld's module-wide caches, kept one per thread.

    pyld shares its resolved contexts (and the processed contexts inside them) and its inverse
    contexts between every caller through `cachetools.LRUCache`, which is not safe across
    threads. Since the loader tags the pinned contexts `static`, pyld keeps them there, and two
    threads checking credentials at once in the threaded server could meet inside a cache
    (a 500, or a processed context from the other thread's document). One cache per thread
    keeps the saving (each thread resolves each context once) without the sharing; the
    production server's workers run one request per process at a time anyway.
    """

    def __init__(self, maxsize: int):
        self._maxsize = maxsize
        self._local = threading.local()

    def _mine(self) -> LRUCache:
        mine = getattr(self._local, "cache", None)
        if mine is None:
            mine = self._local.cache = LRUCache(maxsize=self._maxsize)
        return mine

    def get(self, key: Any, default: Any = None) -> Any:
        return self._mine().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        return self._mine()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._mine()[key] = value

    def __contains__(self, key: Any) -> bool:
        return key in self._mine()

    def __len__(self) -> int:
        return len(self._mine())

    def clear(self) -> None:
        self._mine().clear()


jsonld._resolved_context_cache = PerThreadCache(jsonld.RESOLVED_CONTEXT_CACHE_MAX_SIZE)
jsonld._inverse_context_cache = PerThreadCache(jsonld.INVERSE_CONTEXT_CACHE_MAX_SIZE)
