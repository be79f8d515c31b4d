"""Limits on a credential someone sends to be checked, tested before any JSON-LD work.

JSON-LD processing and canonicalization (`canon`, `rdfc`) cost time that grows with the size of
a document, its nesting and its blank nodes, so a document is measured first and refused with
what was too big and the limit. Each limit is far above what Certify issues: an LSSCP credential
(ten competency sets) is about 7 KB, nests 6 levels deep and has 14 objects without an id; a
credential at the size limit would carry about 120 competency sets. See ADR 0027.
"""

import json
from typing import Any

MAX_BYTES = 64 * 1024
MAX_DEPTH = 32
MAX_BLANK_NODES = 200


class DocumentLimitError(ValueError):
    """The document is refused unchecked; the message says what was too big and the limit.

    `kind` names the problem (as in the API's problem types), `limit` the limit that was passed.
    """

    def __init__(self, message: str, *, kind: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.limit = limit


def _too_deep() -> DocumentLimitError:
    return DocumentLimitError(
        f"The credential nests objects and lists more than {MAX_DEPTH} levels deep; credentials "
        f"checked here may nest at most {MAX_DEPTH} levels.",
        kind="credential-too-deep",
        limit=MAX_DEPTH,
    )


def size_check(size: int) -> None:
    """Refuse a document of more than MAX_BYTES bytes (before reading it, when it says its size)."""
    if size > MAX_BYTES:
        raise DocumentLimitError(
            f"The credential is {size:,} bytes; credentials checked here may be at most "
            f"{MAX_BYTES:,} bytes ({MAX_BYTES // 1024} KB).",
            kind="credential-too-large",
            limit=MAX_BYTES,
        )


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse(raw: bytes | str) -> Any:
    """The JSON value of `raw`, refused over MAX_BYTES (its shape is measured by the verifier:
    `verify.verify_credential` calls `shape_check` first)."""
    size_check(len(raw.encode("utf-8") if isinstance(raw, str) else raw))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise DocumentLimitError(
            "The file is not text (JSON).", kind="credential-not-json"
        ) from error
    if not text.strip():
        raise DocumentLimitError(
            "There is no credential to check: it is empty.", kind="credential-not-json"
        )
    try:
        document = json.loads(text, parse_constant=_no_constants)
    except RecursionError as error:  # thousands of levels: refused before they are measured
        raise _too_deep() from error
    except json.JSONDecodeError as error:
        raise DocumentLimitError(
            f"This is not a credential that can be read: its text is damaged or cut short at "
            f"line {error.lineno}, column {error.colno}. Upload the credential file as you "
            "received it, or copy all of its text again.",
            kind="credential-not-json",
        ) from error
    except ValueError as error:
        raise DocumentLimitError(
            "This is not a credential that can be read: it holds a value no credential has "
            "(such as NaN, or a number thousands of digits long). Upload the credential file "
            "as you received it.",
            kind="credential-not-json",
        ) from error
    return document


def measure(document: Any) -> tuple[int, int]:
    """(depth, blank nodes) of a JSON value, without recursion.

    Depth counts objects and lists: `{"a": [1]}` is 2. Blank nodes are objects without an `id`
    (or `@id`) outside `@context` and other than values (`@value`), plus every distinct `_:`
    identifier: an over-estimate of the blank nodes JSON-LD makes of it, which is what a limit
    needs. Measuring stops one level below MAX_DEPTH: deeper is refused whatever it holds.
    """
    depth, anonymous, labels = 0, 0, set()
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            depth = max(depth, level)
            identifier = node.get("id", node.get("@id"))
            if isinstance(identifier, str) and identifier.startswith("_:"):
                labels.add(identifier)
            elif not isinstance(identifier, str) and "@value" not in node:
                anonymous += 1
            children = [v for k, v in node.items() if k != "@context"]
        elif isinstance(node, list):
            depth = max(depth, level)
            children = node
        else:
            if isinstance(node, str) and node.startswith("_:"):
                labels.add(node)
            continue
        if level <= MAX_DEPTH:
            stack.extend((child, level + 1) for child in children)
    return depth, anonymous + len(labels)


def shape_check(document: Any) -> None:
    """Refuse a document nested more than MAX_DEPTH levels or with more than MAX_BLANK_NODES."""
    depth, blank_nodes = measure(document)
    if depth > MAX_DEPTH:
        raise _too_deep()
    if blank_nodes > MAX_BLANK_NODES:
        raise DocumentLimitError(
            f"The credential has {blank_nodes:,} unnamed objects (objects without an id, or "
            f"blank node identifiers starting with _:); credentials checked here may have at "
            f"most {MAX_BLANK_NODES}.",
            kind="credential-too-many-blank-nodes",
            limit=MAX_BLANK_NODES,
        )
