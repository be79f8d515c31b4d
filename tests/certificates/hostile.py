"""Hostile credentials, built from a real signed one so that they pass every check that comes
before canonicalization (the issuer, its key, the form of the proof): a poison whose blank nodes
are all linked to each other, and documents exactly at (or one past) each limit."""

import copy
import json
from typing import Any

from certify.certificates.credentials import bounds


def poison(credential: dict[str, Any], *, nodes: int = 7) -> dict[str, Any]:
    """`credential` whose subject is `nodes` blank nodes, each linked to every other one (by
    `achievement`, a term the Open Badges context defines, so safe mode lets it through): a
    clique. Canonicalizing it tries every ordering of the nodes, recursively: 7 took tens of
    seconds, 8 minutes. About 1.5 KB more than the credential it is built from."""
    changed = copy.deepcopy(credential)
    changed["credentialSubject"] = [
        {
            "id": f"_:n{i}",
            "type": ["AchievementSubject"],
            "achievement": [{"id": f"_:n{j}"} for j in range(nodes) if j != i],
        }
        for i in range(nodes)
    ]
    return changed


def padded(credential: dict[str, Any], size: int) -> str:
    """The credential's JSON, exactly `size` bytes: spaces after its first `{` (inside the text,
    so a form that strips the ends keeps them)."""
    text = json.dumps(credential)
    missing = size - len(text.encode("utf-8"))
    assert missing >= 0, f"the credential alone is {len(text)} bytes"
    return "{" + " " * missing + text[1:]


def nested(credential: dict[str, Any], depth: int) -> dict[str, Any]:
    """`credential` with lists nested inside each other so that it is exactly `depth` levels
    deep (the document itself is level 1)."""
    chain: list[Any] = []
    for _ in range(depth - 2):
        chain = [chain]
    changed = {**credential, "evidence": chain}
    assert bounds.measure(changed)[0] == depth
    return changed


def with_blank_nodes(credential: dict[str, Any], count: int) -> dict[str, Any]:
    """`credential` with evidence objects without an id added, `count` blank nodes in all."""
    changed = copy.deepcopy(credential)
    already = bounds.measure(changed)[1]
    changed["evidence"] = [
        {"type": ["Evidence"], "narrative": f"Evidence {i}"} for i in range(count - already)
    ]
    assert bounds.measure(changed)[1] == count
    return changed
