"""Credentials made without the database: a key, an issuer, status lists, resolvers."""

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from certify.certificates.credentials import keys, openbadge, sign, statuslist

SITE = "https://certify.example.org"
DID = keys.did_web_for(SITE)
LISTS = {
    "revocation": f"{SITE}/credentials/status/revocation-1",
    "suspension": f"{SITE}/credentials/status/suspension-1",
}
INDEX = 4242
ISSUED = datetime(
    2026, 1, 15, 15, 4, 5, tzinfo=UTC
)  # in the past: node checks lists against the clock


@dataclass
class Issuer:
    """An issuer with keys (the last signs) and status lists, publishing what verifiers fetch."""

    keys: list[Any] = field(default_factory=lambda: [keys.key_generate()])
    published: list[Any] | None = None  # keys in the DID document (default: all)
    bits: dict[str, bytes] = field(
        default_factory=lambda: {p: statuslist.empty() for p in statuslist.PURPOSES}
    )

    def method(self, key) -> str:
        return keys.verification_method_id(DID, keys.public_key_multibase(key.public_key()))

    def did_document(self) -> dict[str, Any]:
        shown = self.keys if self.published is None else self.published
        mbs = [keys.public_key_multibase(k.public_key()) for k in shown]
        return keys.did_document(did=DID, keys=[keys.PublishedKey(m, m) for m in mbs])

    def status_list(self, purpose: str) -> dict[str, Any]:
        document = statuslist.list_credential(
            list_url=LISTS[purpose],
            issuer=DID,
            purpose=purpose,
            bits=self.bits[purpose],
            valid_from=sign.xsd_datetime(ISSUED),
        )
        key = self.keys[-1]
        return sign.sign(document, private_key=key, verification_method=self.method(key),
                         created=ISSUED)  # fmt: skip

    def documents(self) -> dict[str, Any]:
        return {DID: self.did_document(), **{u: self.status_list(p) for p, u in LISTS.items()}}

    def resolver(self):
        documents = self.documents()
        return lambda url: copy.deepcopy(documents.get(url))

    def set_bit(self, purpose: str, value: bool = True) -> None:
        self.bits[purpose] = statuslist.bit_set(self.bits[purpose], INDEX, value)

    def issue(self, *, holder: str = "Dana Okafor", key=None, **changes) -> dict[str, Any]:
        data = badge_data(holder=holder, **changes)
        key = key or self.keys[-1]
        return sign.sign(
            openbadge.open_badge_credential(data),
            private_key=key,
            verification_method=self.method(key),
            created=ISSUED,
        )

    def issue_old_shape(self, *, holder: str = "Dana Okafor") -> dict[str, Any]:
        """A credential as issued before ADR 0032: two status entries (revocation and
        suspension) and the proof as an object."""
        document = openbadge.open_badge_credential(badge_data(holder=holder))
        document["credentialStatus"] = [
            statuslist.entry(list_url=url, index=INDEX, purpose=p) for p, url in LISTS.items()
        ]
        key = self.keys[-1]
        signed = sign.sign(
            document, private_key=key, verification_method=self.method(key), created=ISSUED
        )
        return {**signed, "proof": signed["proof"][0]}


def badge_data(*, holder: str, **changes) -> openbadge.BadgeData:
    values = {
        "credential_id": "urn:uuid:0b6c5e1e-3f0a-4c55-9d0e-2b7f1f6f2a01",
        "issuer_id": DID,
        "issuer_name": "ALA-Allied Professional Association",
        "issuer_url": SITE + "/",
        "issuer_email": "lsscp@example.org",
        "achievement_id": f"{SITE}/programs/lsscp/",
        "achievement_name": "Library Support Staff Certification Program",
        "achievement_code": "LSSCP",
        "achievement_description": "Certification for library support staff.",
        "criteria_url": f"{SITE}/programs/lsscp/ways-to-show-competence/",
        "criteria_narrative": "Show competence in the three required sets and three electives.",
        "alignments": (
            openbadge.Alignment(
                name="Foundations of Library Services",
                url=f"{SITE}/programs/lsscp/competencies/fls/",
                case_identifier="6f1c2d4e-8a0b-5c3d-9e7f-1a2b3c4d5e60",
                framework="Library Support Staff Certification Program",
                description="The library's mission and ethics.",
            ),
            openbadge.Alignment(
                name="Technology",
                url=f"{SITE}/programs/lsscp/competencies/tec/",
                case_identifier="6f1c2d4e-8a0b-5c3d-9e7f-1a2b3c4d5e61",
                framework="Library Support Staff Certification Program",
            ),
        ),
        "holder_name": holder,
        "number": "LSSCP-2026-000123",
        "valid_from": ISSUED,
        "valid_until": ISSUED + timedelta(days=5 * 365),
        "status_entry": statuslist.entry(
            list_url=LISTS["revocation"], index=INDEX, purpose="revocation"
        ),
    }
    values.update(changes)
    return openbadge.BadgeData(**values)


def leaves(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every scalar in a JSON document, with its path."""
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in leaves(v, (*path, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in leaves(v, (*path, i))]
    return [(path, node)]


def tampered(document: dict[str, Any], path: tuple) -> dict[str, Any]:
    """A copy with one character (or the value) of the scalar at `path` changed."""
    changed = copy.deepcopy(document)
    node = changed
    for part in path[:-1]:
        node = node[part]
    value = node[path[-1]]
    if isinstance(value, bool):
        node[path[-1]] = not value
    elif isinstance(value, str) and value:
        i = len(value) // 2
        node[path[-1]] = value[:i] + ("X" if value[i] != "X" else "Y") + value[i + 1 :]
    else:
        node[path[-1]] = f"{value}1"
    return changed
