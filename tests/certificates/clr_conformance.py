"""A CLR 2.0 record checked against 1EdTech's JSON schema and the CLR 2.0 data model.

The schema (`schemas/clr_v2p0_clrcredential_schema.json`, as 1EdTech published it) was written
for VC 1.1 and an earlier Open Badges 3.0 vocabulary. Certify's records are VC 2.0, as OB 3.0's
current schema (the one `conformance.py` uses) requires. Three of the schema's rules therefore
cannot hold, and only these three are accepted, each matched exactly (any other error fails):

- `issuanceDate` is required: VC 2.0 names it `validFrom` (which must then be there);
- `CredentialStatus` allows only `id` and `type`: it predates the Bitstring Status List, whose
  entry also carries `statusPurpose`, `statusListIndex`, `statusListCredential`;
- `identityType` `name` is refused: the current OB 3.0 vocabulary (and its schema) has it.

Then the data model's own rules (CLR 2.0 on VC 2.0): the three contexts in order, the types, a
named issuer `Profile`, `validFrom`, a `ClrSubject` with at least one nested credential, each a
signed VerifiableCredential, well-formed associations, and one eddsa-rdfc-2022 proof.
"""

import json
from pathlib import Path
from typing import Any

import jsonschema

from certify.certificates.credentials.loader import CLR_V2, CREDENTIALS_V2, OPEN_BADGES_V3

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "clr_v2p0_clrcredential_schema.json").read_text()
)
STATUS_LIST_FIELDS = {"statusPurpose", "statusListIndex", "statusListCredential"}
ASSOCIATION_TYPES = {
    "exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf", "isRelatedTo",
    "precedes", "replacedBy",
}  # fmt: skip


def _at(document: Any, path: list[Any]) -> Any:
    for step in path:
        document = document[step]
    return document


def _version_difference(document: dict[str, Any], error: jsonschema.ValidationError) -> bool:
    """True for exactly the three errors the module's docstring names."""
    path = list(error.absolute_path)
    where = _at(document, path)
    if error.validator == "required" and error.message == "'issuanceDate' is a required property":
        return isinstance(where, dict) and "validFrom" in where
    if error.validator == "additionalProperties" and path[-1:] == ["credentialStatus"]:
        extra = set(where) - {"id", "type"}
        return where.get("type") == "BitstringStatusListEntry" and extra <= STATUS_LIST_FIELDS
    if path[-1:] == ["identityType"] and error.validator in ("anyOf", "oneOf"):
        return where == "name"
    return False


def schema_errors(document: dict[str, Any]) -> list[str]:
    """The schema's errors other than the three version differences."""
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
        if not _version_difference(document, e)
    ]


def data_model_errors(document: dict[str, Any]) -> list[str]:
    errors = []
    if document.get("@context", [])[:3] != [CREDENTIALS_V2, CLR_V2, OPEN_BADGES_V3]:
        errors.append("@context must start with VC 2.0, CLR 2.0 and OB 3.0, in that order")
    if not {"VerifiableCredential", "ClrCredential"} <= set(document.get("type", [])):
        errors.append("type must hold VerifiableCredential and ClrCredential")
    for field in ("id", "name", "validFrom"):
        if not isinstance(document.get(field), str) or not document[field]:
            errors.append(f"{field} is required")
    issuer = document.get("issuer") or {}
    if not (issuer.get("id") and "Profile" in issuer.get("type", []) and issuer.get("name")):
        errors.append("issuer must be a named Profile with an id")
    subject = document.get("credentialSubject") or {}
    if "ClrSubject" not in subject.get("type", []):
        errors.append("credentialSubject must be a ClrSubject")
    if not (subject.get("id") or subject.get("identifier")):
        errors.append("the ClrSubject needs an id or an identifier")
    nested = subject.get("verifiableCredential") or []
    if not nested:
        errors.append("the ClrSubject holds at least one verifiableCredential")
    for number, item in enumerate(nested):
        if "VerifiableCredential" not in item.get("type", []) or not item.get("proof"):
            errors.append(f"verifiableCredential {number} is not a signed VerifiableCredential")
    for association in subject.get("association", []):
        if association.get("type") != "Association" or (
            association.get("associationType") not in ASSOCIATION_TYPES
        ):
            errors.append(f"association {association} is not a CLR 2.0 Association")
        if not (association.get("sourceId") and association.get("targetId")):
            errors.append(f"association {association} needs sourceId and targetId")
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    if len(proofs) != 1 or (proofs[0] or {}).get("cryptosuite") != "eddsa-rdfc-2022":
        errors.append("one DataIntegrityProof (eddsa-rdfc-2022) is required")
    return errors


def assert_clr_valid(document: dict[str, Any]) -> None:
    errors = schema_errors(document) + data_model_errors(document)
    assert not errors, "\n".join(errors)
