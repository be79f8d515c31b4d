"""RDF Dataset Canonicalization (RDFC-1.0, pyld's URDNA2015) with a "safe mode".

JavaScript verifiers (jsonld.js with `safe: true`) refuse a document in which a term is not
defined by its contexts or an IRI is relative, because such data would silently vanish from the
signed RDF. pyld has no safe mode, so we canonicalize with a marker `@vocab` and a marker base
IRI: when neither appears in the output, nothing was undefined or relative, and the output is
exactly the plain canonical form. When one appears, the document is refused.
"""

import hashlib
from typing import Any

from pyld import jsonld
from pyld.jsonld import JsonLdError

from certify.certificates.credentials.loader import document_loader

_UNDEFINED = "https://undefined-term.certify.invalid#"
_RELATIVE = "https://relative-iri.certify.invalid/"
_KEYWORDS = {
    "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included",
    "@index", "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate",
    "@protected", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
}  # fmt: skip


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized safely; the message says why, in plain words."""


def _keyword_like_keys(node: Any, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("@") and key not in _KEYWORDS:
                found.append(f"{path}.{key}" if path else key)
            if key != "@context":
                found += _keyword_like_keys(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _keyword_like_keys(value, f"{path}[{i}]")
    return found


def canonize(document: dict[str, Any]) -> str:
    """The N-Quads canonical form of a JSON-LD document, refusing what safe mode refuses."""
    odd = _keyword_like_keys(document)
    if odd:
        raise CanonicalizationError(f"Unknown JSON-LD keyword: {', '.join(odd)}.")
    try:
        nquads: str = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
                "base": _RELATIVE,
                "expandContext": {"@vocab": _UNDEFINED},
            },
        )
    except JsonLdError as error:
        cause = error
        while isinstance(cause.__cause__, JsonLdError):
            cause = cause.__cause__
        raise CanonicalizationError(f"Not valid JSON-LD: {cause.args[0]}") from error
    if _UNDEFINED in nquads:
        terms = sorted({line.split(_UNDEFINED, 1)[1].split(">", 1)[0] for line in
                        nquads.splitlines() if _UNDEFINED in line})  # fmt: skip
        raise CanonicalizationError(f"Terms not defined by the contexts: {', '.join(terms)}.")
    if _RELATIVE in nquads:
        raise CanonicalizationError("The document holds a relative IRI where a URL is expected.")
    return nquads


def canonical_hash(document: dict[str, Any]) -> bytes:
    return hashlib.sha256(canonize(document).encode("utf-8")).digest()
