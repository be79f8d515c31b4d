"""RDF Dataset Canonicalization (RDFC-1.0, pyld's URDNA2015) with a "safe mode".

JavaScript verifiers (jsonld.js with `safe: true`) refuse a document in which a term is not
defined by its contexts or an IRI is relative, because such data would silently vanish from the
signed RDF. pyld has no safe mode, so we canonicalize with a marker `@vocab` and a marker base
IRI: when neither appears in the output, nothing was undefined or relative, and the output is
exactly the plain canonical form. When one appears, the document is refused.

The document becomes an RDF dataset with pyld (`to_rdf`, as `jsonld.normalize` does) and is
canonicalized by `rdfc.BoundedURDNA2015`: the same algorithm and output, under a work budget when
the document comes from outside (`budget`; what Certify signs itself needs none).
"""

import hashlib
from typing import Any

from pyld import jsonld
from pyld.jsonld import JsonLdError

from certify.certificates.credentials.loader import document_loader
from certify.certificates.credentials.rdfc import WorkBudget, canonize_dataset

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


def canonize(document: dict[str, Any], *, budget: WorkBudget | None = None) -> str:
    """The N-Quads canonical form of a JSON-LD document, refusing what safe mode refuses.

    With a `budget`, raises `rdfc.WorkBudgetError` when the document needs more work.
    """
    nquads = canonize_dataset(dataset_of(document), budget=budget)
    refuse_unsafe(nquads)
    return nquads


def dataset_of(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The RDF dataset of a JSON-LD document, in pyld's form (graph name → triples), with the
    safe mode's markers for undefined terms and relative IRIs."""
    odd = _keyword_like_keys(document)
    if odd:
        raise CanonicalizationError(f"Unknown JSON-LD keyword: {', '.join(odd)}.")
    try:
        dataset: dict[str, list[dict[str, Any]]] = jsonld.to_rdf(
            document,
            {
                "documentLoader": document_loader,
                "base": _RELATIVE,
                "expandContext": {"@vocab": _UNDEFINED},
                "produceGeneralizedRdf": False,
            },
        )
    except JsonLdError as error:
        cause = error
        while isinstance(cause.__cause__, JsonLdError):
            cause = cause.__cause__
        raise CanonicalizationError(f"Not valid JSON-LD: {cause.args[0]}") from error
    return dataset


def unsafe(nquads: str) -> bool:
    """Whether canonical N-Quads hold a safe-mode marker (`refuse_unsafe` says which)."""
    return _UNDEFINED in nquads or _RELATIVE in nquads


def refuse_unsafe(nquads: str) -> None:
    """Raise when canonical N-Quads hold a safe-mode marker: an undefined term or relative IRI."""
    if _UNDEFINED in nquads:
        terms = sorted({line.split(_UNDEFINED, 1)[1].split(">", 1)[0] for line in
                        nquads.splitlines() if _UNDEFINED in line})  # fmt: skip
        raise CanonicalizationError(f"Terms not defined by the contexts: {', '.join(terms)}.")
    if _RELATIVE in nquads:
        raise CanonicalizationError("The document holds a relative IRI where a URL is expected.")


def canonical_hash(document: dict[str, Any], *, budget: WorkBudget | None = None) -> bytes:
    return hashlib.sha256(canonize(document, budget=budget).encode("utf-8")).digest()
