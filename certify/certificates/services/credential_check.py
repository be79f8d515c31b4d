"""Checking a credential someone sends: the one way in for every door.

The API's body and the form's pasted text or uploaded file all come through `credential_check`;
any later door (an import) must too. A baked badge (PNG or SVG) comes through here as well: its
own limits first (`badges.unbaking`), then the credential read out of it as any other. In order,
before any JSON-LD work: the size (before reading, when the door knows it), the JSON, its
nesting and its blank nodes (`credentials.bounds`); then the check itself under a work budget
(`credentials.rdfc`). A refusal is a `CredentialRefusedError` whose message says what was too big
and the limit; both doors show it as it is (the API as a problem document of its `kind`).

A credential Certify issued, sent back exactly as issued, is recognised by its id and digest and
answered without canonicalizing anything (`_Ours`): see ADR 0027.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings

from certify.certificates.badges import unbaking
from certify.certificates.credentials import bounds
from certify.certificates.credentials.rdfc import WorkBudget, WorkBudgetError
from certify.certificates.credentials.verify import VerificationResult, verify_credential
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services.credential import credential_resolve
from certify.certificates.standing import Standing, credential_standing
from certify.core.errors import DomainError

logger = logging.getLogger(__name__)

# Each refusal's HTTP status and title (the API's problem document; the form uses the status).
REFUSALS: dict[str, tuple[int, str]] = {
    "credential-too-large": (413, "The credential is too large"),
    "credential-not-json": (400, "The credential is not JSON"),
    "credential-too-deep": (422, "The credential is nested too deeply"),
    "credential-too-many-blank-nodes": (422, "The credential has too many unnamed objects"),
    "credential-too-complex": (422, "The credential would take too long to check"),
    # A baked badge (ADR 0034): the image is refused before its credential is read.
    "badge-image-too-large": (413, "The badge image is too large"),
    "badge-image-damaged": (422, "The badge image cannot be read"),
    "badge-image-no-credential": (422, "The image has no credential baked in"),
    "badge-image-too-many-pixels": (422, "The badge image has too many pixels"),
    "badge-image-too-complex": (422, "The badge image has too many parts"),
    "badge-image-unsafe": (422, "The badge image declares a document type or entities"),
    "badge-image-unsupported": (422, "The badge's credential is in a form not checked here"),
}


class CredentialRefusedError(DomainError):
    """The credential was refused before it could be checked; `message` says why, in words."""

    def __init__(self, error: bounds.DocumentLimitError) -> None:
        super().__init__(error.message)
        self.kind = error.kind
        self.limit = error.limit
        self.http_status, self.title = REFUSALS[error.kind]


@dataclass(frozen=True)
class CheckedCredential:
    """The document, what the check found, and, for a credential of ours whose signature holds,
    its certificate's standing: the status the result then reports is the one the verification
    page and the API give (ADR 0036)."""

    document: Any
    result: VerificationResult
    standing: Standing | None = None


def credential_digest(document: Any) -> str:
    """SHA-256 of the document's JSON with sorted keys and no spaces: the same for any copy of
    the same JSON, however it is indented or its keys ordered (a database may reorder them)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _credential_uuid(document: Any) -> uuid.UUID | None:
    identifier = document.get("id") if isinstance(document, dict) else None
    if not isinstance(identifier, str) or not identifier.startswith("urn:uuid:"):
        return None
    try:
        return uuid.UUID(identifier.removeprefix("urn:uuid:"))
    except ValueError:
        return None


def _issued_digest(document: dict[str, Any]) -> str | None:
    """The digest of the credential issued under the document's id, if it is one of ours (a
    certificate's or a completed set's)."""
    credential_id = _credential_uuid(document)
    if credential_id is None:
        return None
    for model in (Certificate, SetCredential):
        stored = (
            model.objects.filter(credential_id=credential_id)
            .values_list("credential", flat=True)
            .first()
        )
        if stored:
            return credential_digest(stored)
    return None


class _Ours:
    """What this site signed and keeps: certificates' and sets' credentials as issued (found by
    their id; a CLR nests them, and each is recognised there too)
    and the status list credentials it serves (as `resolve` hands them to the verifier)."""

    def __init__(self) -> None:
        self.served: set[str] = set()

    def resolve(self, url: str) -> dict[str, Any] | None:
        document = credential_resolve(url)
        if document is not None:
            self.served.add(credential_digest(document))
        return document

    def __call__(self, document: dict[str, Any]) -> bool:
        digest = credential_digest(document)
        return digest in self.served or digest == _issued_digest(document)


def _budget() -> WorkBudget:
    return WorkBudget(
        units=settings.CREDENTIAL_CHECK_WORK_UNITS, seconds=settings.CREDENTIAL_CHECK_SECONDS
    )


def status_from_record(document: Any, result: VerificationResult) -> VerificationResult:
    """What the site says of a credential whose signature holds. The list says only "not in
    force" (one revocation bit, ADR 0032); for a certificate this site issued, its record says
    whether that is a suspension or a revocation."""
    credential_id = _credential_uuid(document)
    if result.signature_valid and result.status == "revoked" and credential_id is not None:
        status = (
            Certificate.objects.filter(credential_id=credential_id)
            .values_list("status", flat=True)
            .first()
        )
        if status == Certificate.Status.SUSPENDED:
            result.status = "suspended"
    return result


def credential_verify(*, document: Any, now: datetime | None = None) -> VerificationResult:
    """Verify a credential as anyone would, against this site's keys and current status lists.

    Credentials from other issuers are refused: nothing is fetched from the network. Raises
    CredentialRefusedError when the document is over a limit or would need too much work.
    """
    ours = _Ours()
    try:
        result = verify_credential(
            document, resolve=ours.resolve, now=now, known=ours, budget=_budget()
        )
    except bounds.DocumentLimitError as error:
        if isinstance(error, WorkBudgetError):
            logger.warning(
                "credential check stopped by its %s limit after %s units", error.reason, error.done
            )
        raise CredentialRefusedError(error) from error
    return status_from_record(document, result)


def credential_check(
    *,
    read: Callable[[], bytes | str],
    size: int | None = None,
    now: datetime | None = None,
    image: str | None = None,
) -> CheckedCredential:
    """Check a credential as it was sent: `read()` returns its bytes or text; `size`, when the
    door knows it before reading (Content-Length, an upload's size), is checked first, and then
    nothing is read when it is too large. `image` ("png", "svg": `unbaking.image_kind`) when the
    door says it sent a baked badge; an image sent as if it were JSON is recognized too."""
    try:
        if image is None:
            if size is not None:
                bounds.size_check(size)
            raw = read()
            image = unbaking.sniff(raw)
        else:
            if size is not None:
                unbaking.size_check(size)
            raw = read()
        if image is not None:
            raw = unbaking.extract(raw, image)
        document = bounds.parse(raw)
    except bounds.DocumentLimitError as error:
        raise CredentialRefusedError(error) from error
    result = credential_verify(document=document, now=now)
    standing = _standing(document, result)
    if standing is not None:
        result = replace(result, status=standing.status)
    return CheckedCredential(document, result, standing)


# What the lists and dates can tell, which the certificate's record then states precisely:
# "replaced by <number>", and the status as the page gives it.
_RECORD_SPEAKS = ("valid", "suspended", "revoked", "expired")


def _standing(document: Any, result: VerificationResult) -> Standing | None:
    """The certificate's standing when the signature holds and the credential is ours (the
    result then reports its status: one truth on every surface)."""
    if not result.signature_valid or result.status not in _RECORD_SPEAKS:
        return None
    return credential_standing(document)
