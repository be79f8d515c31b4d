"""Verify a credential: its Data Integrity proof (`eddsa-rdfc-2022`), its issuer's key, its
validity dates and its status lists.

Nothing is fetched: `resolve(url)` returns the documents a verifier would otherwise download
(the issuer's DID document, the status list credentials), or None when it has none.

The document is untrusted: its shape is measured first (`bounds`) and its canonicalization runs
under one work budget (`rdfc`); both raise `bounds.DocumentLimitError`, which a caller turns into a
refusal. `known(document)`, when given, says that a document is exactly one the issuer signed and
keeps: its proof is then taken as holding once every check that needs no canonicalization
passed (its key still published, its issuer, the form of its signature). Everything else (dates,
status lists) is checked the same way, so the answer is the one a full check gives.

A CLR 2.0 record (`ClrCredential`) is checked like any credential, then each credential it nests
(`credentialSubject.verifiableCredential`) is checked in full, under the same budget: the record
is invalid, revoked or suspended when one of them is (ADR 0035). A nested credential that has
merely expired leaves the record valid: it tells the truth about the past.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature

from certify.certificates.credentials import bounds, statuslist
from certify.certificates.credentials.canon import CanonicalizationError
from certify.certificates.credentials.keys import (
    KeyFormatError,
    base58btc_decode,
    public_key_from_multibase,
    verification_method_from,
)
from certify.certificates.credentials.loader import CREDENTIALS_V2
from certify.certificates.credentials.rdfc import WorkBudget
from certify.certificates.credentials.sign import (
    CRYPTOSUITE,
    PROOF_PURPOSE,
    PROOF_TYPE,
    signing_input,
)

Resolver = Callable[[str], dict[str, Any] | None]
Known = Callable[[dict[str, Any]], bool]

_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


# Clocks differ a little between issuer and verifier (jsonld-signatures allows the same).
CLOCK_SKEW = timedelta(seconds=300)


class ProofError(ValueError):
    """The proof does not hold; the message says why."""


@dataclass
class VerificationResult:
    """What a verifier can say about a credential.

    `status` is one of: valid, revoked, suspended, expired, not_yet_valid, invalid (the proof
    does not hold or the document is not a credential we can check).
    """

    signature_valid: bool
    status: str
    problems: list[str] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)
    issuer: str = ""
    verification_method: str = ""

    @property
    def verified(self) -> bool:
        return self.signature_valid and self.status == "valid"


def parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise ValueError(f"{value!r} is not an XSD dateTimeStamp.")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else ""


def verify_proof(
    document: dict[str, Any],
    *,
    resolve: Resolver,
    known: Known | None = None,
    budget: WorkBudget | None = None,
) -> str:
    """Check the one DataIntegrityProof of `document`; return its verification method.

    Raises ProofError with the reason when it does not hold.
    """
    if not isinstance(document, dict):
        raise ProofError("A credential is a JSON object.")
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("The credential has no proof (signature).")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(
            f"Only {PROOF_TYPE} proofs with the {CRYPTOSUITE} cryptosuite are checked."
        )
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise ProofError("The proof is not for asserting a credential (assertionMethod).")
    if "created" in proof:
        try:
            parse_datetime(proof["created"])
        except ValueError as error:
            raise ProofError(f"proof.created: {error}") from error
    method_id = proof.get("verificationMethod")
    if not isinstance(method_id, str) or "#" not in method_id:
        raise ProofError("The proof does not name the key that signed it.")
    controller = method_id.split("#", 1)[0]
    did_document = resolve(controller)
    if not isinstance(did_document, dict) or did_document.get("id") != controller:
        raise ProofError(f"The issuer's keys ({controller}) are not known here.")
    if method_id not in did_document.get("assertionMethod", []):
        raise ProofError("The signing key is not one the issuer uses to issue credentials.")
    method = verification_method_from(did_document, method_id)
    if method is None or method.get("type") != "Multikey" or method.get("controller") != controller:
        raise ProofError("The signing key is not published in the issuer's DID document.")
    if issuer_id(document) != controller:
        raise ProofError("The key that signed the credential does not belong to its issuer.")
    value = proof.get("proofValue")
    try:
        public_key = public_key_from_multibase(method.get("publicKeyMultibase", ""))
        signature = base58btc_decode(value) if isinstance(value, str) else b""
    except KeyFormatError as error:
        raise ProofError(f"The key or signature is malformed: {error}") from error
    if len(signature) != 64:
        raise ProofError("The signature is malformed.")
    if known is not None and known(document):
        return method_id  # signed by this key as it is, and the key is still published
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        data = signing_input(unsigned, options, budget=budget)
    except CanonicalizationError as error:
        raise ProofError(str(error)) from error
    try:
        public_key.verify(signature, data)
    except InvalidSignature as error:
        raise ProofError("The signature does not match: the content was changed.") from error
    return method_id


def in_time(document: dict[str, Any], now: datetime) -> bool:
    """validFrom ≤ now ≤ validUntil, allowing the clock skew verifiers allow."""
    if "validFrom" in document and parse_datetime(document["validFrom"]) - CLOCK_SKEW > now:
        return False
    return not (
        "validUntil" in document and parse_datetime(document["validUntil"]) + CLOCK_SKEW < now
    )


def _entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    status = document.get("credentialStatus")
    items = status if isinstance(status, list) else [status] if status else []
    return [s for s in items if isinstance(s, dict)]


def check_status(
    entry: dict[str, Any],
    *,
    issuer: str,
    resolve: Resolver,
    now: datetime,
    known: Known | None = None,
    budget: WorkBudget | None = None,
) -> bool:
    """True when the entry's bit is set (revoked or suspended). Raises ProofError otherwise."""
    if entry.get("type") != "BitstringStatusListEntry":
        raise ProofError("Only BitstringStatusListEntry statuses are checked.")
    purpose, url = entry.get("statusPurpose"), entry.get("statusListCredential")
    try:
        index = int(entry.get("statusListIndex", ""))
    except (TypeError, ValueError) as error:
        raise ProofError("statusListIndex must be an integer.") from error
    listed = resolve(url) if isinstance(url, str) else None
    if not isinstance(listed, dict):
        raise ProofError(f"The status list {url} is not available.")
    try:
        verify_proof(listed, resolve=resolve, known=known, budget=budget)
    except ProofError as error:
        raise ProofError(f"The status list does not verify: {error}") from error
    try:
        if not in_time(listed, now):
            raise ProofError("The status list is out of date (outside its validity period).")
    except ValueError as error:
        raise ProofError(f"The status list's dates: {error}") from error
    subject = listed.get("credentialSubject") or {}
    if issuer_id(listed) != issuer:
        raise ProofError("The status list was not published by the credential's issuer.")
    if "BitstringStatusListCredential" not in (listed.get("type") or []):
        raise ProofError("The status list is not a BitstringStatusListCredential.")
    if subject.get("type") != "BitstringStatusList" or subject.get("statusPurpose") != purpose:
        raise ProofError("The status list is not for this purpose.")
    try:
        return statuslist.bit_get(statuslist.decode(str(subject.get("encodedList", ""))), index)
    except statuslist.StatusListError as error:
        raise ProofError(f"The status list is malformed: {error}") from error


# The nested credentials' statuses that a CLR takes on, the worst first.
_NESTED_WORST = ("invalid", "revoked", "suspended")


def _nested_check(
    document: dict[str, Any],
    result: VerificationResult,
    *,
    resolve: Resolver,
    now: datetime,
    known: Known | None,
    budget: WorkBudget,
) -> str | None:
    """Check every credential a ClrCredential nests; return the worst status they give the
    record (None when each is valid, or expired: a record of the past)."""
    subject = document.get("credentialSubject")
    inner = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if not isinstance(inner, list) or not inner:
        result.problems.append("The record holds no credential (verifiableCredential).")
        return "invalid"
    worst: str | None = None
    for number, item in enumerate(inner, 1):
        name = item.get("name") if isinstance(item, dict) else None
        label = f"Credential {number} in the record" + (
            f" ({name})" if isinstance(name, str) else ""
        )
        if isinstance(item, dict) and "ClrCredential" in (item.get("type") or []):
            checked = VerificationResult(signature_valid=False, status="invalid")
            checked.problems.append("A record inside a record is not checked.")
        else:
            checked = verify_credential(item, resolve=resolve, now=now, known=known, budget=budget)
        result.checks.append((label, checked.status in ("valid", "expired")))
        result.problems.extend(f"{label}: {problem}" for problem in checked.problems)
        if checked.status in _NESTED_WORST:
            if checked.status != "invalid" and not checked.problems:
                result.problems.append(f"{label} is {checked.status}.")
            if worst is None or _NESTED_WORST.index(checked.status) < _NESTED_WORST.index(worst):
                worst = checked.status
    return worst


def verify_credential(
    document: Any,
    *,
    resolve: Resolver,
    now: datetime | None = None,
    known: Known | None = None,
    budget: WorkBudget | None = None,
) -> VerificationResult:
    """Everything a relying party checks, in order; problems are in plain words.

    Raises `bounds.DocumentLimitError` for a document over the limits or over the work `budget`
    (by default `rdfc`'s: an untrusted document is never canonicalized without one).
    """
    now = now or datetime.now(UTC)
    bounds.shape_check(document)
    budget = budget or WorkBudget()
    result = VerificationResult(signature_valid=False, status="invalid")
    if not isinstance(document, dict):
        result.problems.append("A credential is a JSON object.")
        return result
    context = document.get("@context")
    if not (isinstance(context, list) and context and context[0] == CREDENTIALS_V2):
        result.problems.append(f"The first @context must be {CREDENTIALS_V2}.")
        return result
    if "VerifiableCredential" not in (document.get("type") or []):
        result.problems.append("The document is not a VerifiableCredential.")
        return result
    result.issuer = issuer_id(document)
    try:
        result.verification_method = verify_proof(
            document, resolve=resolve, known=known, budget=budget
        )
    except ProofError as error:
        result.problems.append(str(error))
        result.checks.append(("Signature", False))
        return result
    result.signature_valid = True
    result.checks.append(("Signature", True))

    flags: dict[str, bool] = {}
    for entry in _entries(document):
        purpose = str(entry.get("statusPurpose", ""))
        try:
            flags[purpose] = check_status(
                entry, issuer=result.issuer, resolve=resolve, now=now, known=known, budget=budget
            )
            result.checks.append((f"Status ({purpose})", not flags[purpose]))
        except ProofError as error:
            result.problems.append(str(error))
            result.checks.append((f"Status ({purpose})", False))
            result.status = "invalid"
            return result
    try:
        valid_from = parse_datetime(document.get("validFrom"))
        valid_until = parse_datetime(document["validUntil"]) if "validUntil" in document else None
    except ValueError as error:
        result.problems.append(f"Dates: {error}")
        result.status = "invalid"
        return result
    result.checks.append(("Dates", in_time(document, now)))
    nested = None
    if "ClrCredential" in (document.get("type") or []):
        nested = _nested_check(
            document, result, resolve=resolve, now=now, known=known, budget=budget
        )
    if flags.get("revocation"):
        result.status = "revoked"
    elif flags.get("suspension"):
        result.status = "suspended"
    elif valid_until is not None and now > valid_until + CLOCK_SKEW:
        result.status = "expired"
    elif now < valid_from - CLOCK_SKEW:
        result.status = "not_yet_valid"
    else:
        result.status = "valid"
    if nested is not None and result.status == "valid":
        result.status = nested
    return result
