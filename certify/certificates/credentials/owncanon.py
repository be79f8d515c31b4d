"""Canonicalization of the documents Certify builds and signs itself, without expanding each one.

`canon.canonize` turns every document into RDF with pyld (JSON-LD expansion, then `to_rdf`) and
then labels its blank nodes (RDFC-1.0, `rdfc`). The expansion is most of the cost and, for the
credentials Certify issues, the same work every time: their shape (keys, nesting, types,
contexts) is fixed by the code that builds them, and only the strings in it change (names,
numbers, dates, ids).

So the expansion is done once per shape, on a template: the document with each string value
replaced by a slot marker, an absolute IRI of its own (`urn:x-certify-slot:N`). pyld turns the
template into an RDF dataset in which each marker is either a literal's value or an IRI; the
template is kept (per shape, in memory). A document of that shape then costs the substitution
of its own strings into the template's dataset and the canonical labelling only, by the same
`rdfc` code as before.

This is exact, not an approximation: JSON-LD carries a literal's string through unchanged, and
expands an IRI value that is absolute (and neither a blank node label nor a term or prefix of
the pinned contexts) to itself. A value in an IRI position that is not such an IRI (a term such
as "Certification" under `@vocab`, a relative IRI, `_:x`) is kept in the template as it is,
which then makes a template of its own. A template whose markers come out of pyld in any other
way (inside a longer string, as a datatype or language) is not used: that document goes the
whole way through pyld. Every output is checked for the safe mode's markers as `canon` does,
and anything refused goes through `canon.canonize` for its error. Tests compare both paths on
generated credentials, byte for byte (ADR 0057).

Only for documents Certify builds: documents from outside are verified with `canon.canonize`
under the work budget (ADR 0027).
"""

import hashlib
import json
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from pyld.jsonld import _is_absolute_iri

from certify.certificates.credentials import canon
from certify.certificates.credentials.loader import PINNED, pinned_context
from certify.certificates.credentials.rdfc import canonize_dataset

SLOT = "urn:x-certify-slot:"
# Values of these keys are kept in the shape: they choose contexts and types, not data.
_SHAPE_KEYS = frozenset({"@context", "type", "@type"})
# Templates kept, one per shape: Certify signs a handful of shapes (one per program and kind).
MAX_TEMPLATES = 256

_Term = tuple[str, str | int, str | None, str | None]  # (type, value or slot, datatype, language)


@cache
def context_terms() -> frozenset[str]:
    """Every key in the pinned contexts: a value whose scheme is one of these could be a
    compact IRI, so it never stands for itself in an IRI slot."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for url in PINNED:
        walk(pinned_context(url))
    return frozenset(found)


def stands_for_itself(value: str) -> bool:
    """Whether JSON-LD expands `value`, in an IRI position, to `value` itself."""
    scheme = value.split(":", 1)[0]
    terms = context_terms()
    return (
        _is_absolute_iri(value)
        and not value.startswith("_:")
        and scheme not in terms
        and value not in terms
        and not value.startswith(SLOT)
    )


def _shape(node: Any, values: list[str], keep: frozenset[int]) -> Any:
    """`node` with each string value outside `_SHAPE_KEYS` replaced by a slot marker (its
    value appended to `values`), unless its slot is in `keep`."""
    if isinstance(node, dict):
        return {
            key: (value if key in _SHAPE_KEYS else _shape(value, values, keep))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_shape(value, values, keep) for value in node]
    if isinstance(node, str):
        slot = len(values)
        values.append(node)
        return node if slot in keep else f"{SLOT}{slot}"
    return node


@dataclass(frozen=True)
class Template:
    graphs: tuple[tuple[str | int, tuple[tuple[_Term, _Term, _Term], ...]], ...]
    iri_slots: frozenset[int]  # slots whose value is an IRI (each must stand for itself)


class UnusableTemplateError(Exception):
    """The template's markers came out of pyld other than whole: use the whole pyld path."""


def _slot_of(value: str) -> int | None:
    if SLOT not in value:
        return None
    number = value[len(SLOT) :]
    if not value.startswith(SLOT) or not number.isdigit() or str(int(number)) != number:
        raise UnusableTemplateError(value)
    return int(number)


def _term(component: dict[str, Any], iri_slots: set[int]) -> _Term:
    datatype, language = component.get("datatype"), component.get("language")
    if any(SLOT in str(v) for k, v in component.items() if k != "value"):
        raise UnusableTemplateError(component)
    slot = _slot_of(component["value"])
    if slot is None:
        return (component["type"], component["value"], datatype, language)
    if component["type"] == "IRI":
        iri_slots.add(slot)
    elif component["type"] != "literal":
        raise UnusableTemplateError(component)
    return (component["type"], slot, datatype, language)


def _compile(template_document: dict[str, Any]) -> Template:
    dataset = canon.dataset_of(template_document)
    iri_slots: set[int] = set()
    graphs = []
    for name, triples in dataset.items():
        graph_slot = _slot_of(name)
        if graph_slot is not None:
            iri_slots.add(graph_slot)
        graphs.append(
            (
                name if graph_slot is None else graph_slot,
                tuple(
                    (
                        _term(t["subject"], iri_slots),
                        _term(t["predicate"], iri_slots),
                        _term(t["object"], iri_slots),
                    )
                    for t in triples
                ),
            )
        )
    return Template(graphs=tuple(graphs), iri_slots=frozenset(iri_slots))


_templates: dict[tuple[str, frozenset[int]], Template | None] = {}
_lock = threading.Lock()
_MISSING = object()


def _template(document: dict[str, Any], keep: frozenset[int]) -> tuple[Template | None, list[str]]:
    """The template of the document's shape (made on first use), and the document's strings."""
    values: list[str] = []
    shaped = _shape(document, values, keep)
    key = (json.dumps(shaped, ensure_ascii=False, separators=(",", ":")), keep)
    if key[0].count(SLOT) != len(values) - len(keep):
        return None, values  # the document itself holds the marker: the whole pyld path
    found = _templates.get(key, _MISSING)
    if found is not _MISSING:
        return found, values  # type: ignore[return-value]
    template: Template | None
    try:
        template = _compile(shaped)
    except (UnusableTemplateError, canon.CanonicalizationError):
        template = None  # the whole pyld path, which refuses it in its own words
    with _lock:
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    return template, values


def _filled(term: _Term, values: list[str]) -> _Term:
    value = term[1]
    return term if type(value) is str else (term[0], values[value], term[2], term[3])  # type: ignore[index]


def _component(term: _Term) -> dict[str, Any]:
    component: dict[str, Any] = {"type": term[0], "value": term[1]}
    if term[2] is not None:
        component["datatype"] = term[2]
    if term[3] is not None:
        component["language"] = term[3]
    return component


def _dataset(template: Template, values: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The template's dataset with `values` in its slots, in pyld's form (fresh objects: the
    canonicalizer changes them). A quad made twice is kept once: an RDF dataset is a set, as
    pyld's node map makes it when two objects share an id."""
    dataset: dict[str, list[dict[str, Any]]] = {}
    for name, triples in template.graphs:
        graph = dataset.setdefault(values[name] if type(name) is int else name, [])  # type: ignore[index,arg-type]
        seen: set[tuple[_Term, _Term, _Term]] = set()
        for s, p, o in triples:
            quad = (_filled(s, values), _filled(p, values), _filled(o, values))
            if quad in seen:
                continue
            seen.add(quad)
            graph.append(
                {"subject": _component(quad[0]), "predicate": _component(quad[1]),
                 "object": _component(quad[2])}
            )  # fmt: skip
    return dataset


def canonize(document: dict[str, Any]) -> str:
    """The same N-Quads as `canon.canonize(document)`, for a document Certify built itself."""
    keep: frozenset[int] = frozenset()
    for _ in range(4):
        template, values = _template(document, keep)
        if template is None:
            return canon.canonize(document)
        # IRI slots whose value would not expand to itself: kept as they are, in a template
        # of their own (e.g. a term under @vocab, the same in every credential of its kind).
        odd = frozenset(i for i in template.iri_slots if not stands_for_itself(values[i]))
        if not odd:
            break
        keep |= odd
    else:
        return canon.canonize(document)
    nquads = canonize_dataset(_dataset(template, values), budget=None)
    if canon.unsafe(nquads):
        return canon.canonize(document)  # raises, in the words the verifier uses
    return nquads


def canonical_hash(document: dict[str, Any]) -> bytes:
    return hashlib.sha256(canonize(document).encode("utf-8")).digest()
