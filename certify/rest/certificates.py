"""Certificates: public verification (no sign-in), the holder's own, and staff actions."""

from datetime import date
from typing import Any, Literal, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.certificates import api as certificates
from certify.certificates.models import Certificate
from certify.core.codes import plain_digits
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema
from certify.rest.throttling import PageGroupThrottle, PublicRateThrottle

router = Router(throttle=[PublicRateThrottle()])
# Looking a number up and checking a credential count in the pages' allowances too (ADR 0030):
# the API is no wider a door for walking numbers than the verification page.
NUMBER_LIMITS = [PublicRateThrottle(), PageGroupThrottle("verification")]
CHECK_LIMITS = [PublicRateThrottle(), PageGroupThrottle("credential-check")]
staff_router = Router(auth=token_or_session("staff"))


PROGRAM_EXAMPLE = {
    "slug": "lsscp",
    "name": "Library Support Staff Certification Program",
    "short_name": "LSSCP",
    "certifying_body": "ALA-APA",
}
MY_CERTIFICATE_EXAMPLE = {
    "number": "LSSCP-2026-7K3Q9M2X",
    "program": PROGRAM_EXAMPLE,
    "status": "valid",
    "status_label": "Valid",
    "issued_on": "2026-05-04",
    "expires_on": "2030-05-04",
    "verification_url": "https://certify.example.org/verify/LSSCP-2026-7K3Q9M2X/",
    "pdf_url": "/certificates/LSSCP-2026-7K3Q9M2X/certificate.pdf",
    "credential_url": "/certificates/LSSCP-2026-7K3Q9M2X/credential.json",
}


class ProgramRef(Schema):
    slug: str
    name: str
    short_name: str
    certifying_body: str


class VerificationOut(Schema):
    """Everything public about a certificate, and nothing else personal."""

    number: str
    holder_name: str
    program: ProgramRef
    issued_on: date
    expires_on: date
    status: Literal["valid", "expired", "suspended", "revoked", "replaced"] = Field(
        description="“expired” from the day after `expires_on`, also once the certificate has "
        "lapsed (its last day to renew has passed): `status_label` tells the two apart."
    )
    status_label: str = Field(
        description="The status in the words the verification page and the PDF use: “Valid”, "
        "“Expired”, “Lapsed” (expired and no longer renewable), “Suspended”, “Revoked”, "
        "“Replaced by LSSCP-2031-…”."
    )
    status_since: date | None = Field(
        description="The day it was suspended, revoked or replaced, in the program's time zone."
    )
    replaced_by: str | None
    replaced_by_url: str | None = Field(description="The verification page of the renewal.")
    verification_url: str

    model_config = example(
        {
            "number": "LSSCP-2026-7K3Q9M2X",
            "holder_name": "Alex Rivera",
            "program": PROGRAM_EXAMPLE,
            "issued_on": "2026-05-04",
            "expires_on": "2030-05-04",
            "status": "valid",
            "status_label": "Valid",
            "status_since": None,
            "replaced_by": None,
            "replaced_by_url": None,
            "verification_url": "https://certify.example.org/verify/LSSCP-2026-7K3Q9M2X/",
        }
    )

    @staticmethod
    def resolve_status(obj: Certificate) -> str:
        return certificates.certificate_standing(obj).status

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return certificates.certificate_standing(obj).label

    @staticmethod
    def resolve_status_since(obj: Certificate) -> date | None:
        return certificates.certificate_standing(obj).since

    @staticmethod
    def resolve_replaced_by(obj: Certificate) -> str | None:
        return certificates.certificate_standing(obj).replaced_by

    @staticmethod
    def resolve_replaced_by_url(obj: Certificate) -> str | None:
        path = certificates.certificate_standing(obj).replaced_by_url
        return settings.SITE_URL + path if path else None


STATUS_LABEL_WORDS = (
    "“Expired” (past `expires_on`, renewal still open: the grace period), “Lapsed” (expired and "
    "no longer renewable: its last day to renew has passed), “Suspended”, “Revoked”, “Replaced "
    "by LSSCP-2031-…”"
)


class MyCertificateOut(Schema):
    number: str | None
    program: ProgramRef
    status: str = Field(
        description="pending, valid, expired (also once lapsed), suspended, revoked or replaced."
    )
    status_label: str = Field(
        description="The status in the words the verification page, the PDF and "
        "`GET /certificates/{number}` use: “Waiting for staff approval”, “Valid”, "
        f"{STATUS_LABEL_WORDS}."
    )
    issued_on: date | None
    expires_on: date | None
    verification_url: str | None
    pdf_url: str | None
    credential_url: str | None

    model_config = example(MY_CERTIFICATE_EXAMPLE)

    @staticmethod
    def resolve_status(obj: Certificate) -> str:
        return obj.current_status

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return certificates.certificate_status_label(obj)

    @staticmethod
    def resolve_verification_url(obj: Certificate) -> str | None:
        return obj.verification_url if obj.is_issued else None

    @staticmethod
    def resolve_pdf_url(obj: Certificate) -> str | None:
        return f"/certificates/{obj.number}/certificate.pdf" if obj.is_issued else None

    @staticmethod
    def resolve_credential_url(obj: Certificate) -> str | None:
        return f"/certificates/{obj.number}/credential.json" if obj.is_issued else None


class StaffCertificateOut(MyCertificateOut):
    id: int
    holder_name: str
    holder_email: str
    status_reason: str

    model_config = example(
        {
            "id": 7,
            **MY_CERTIFICATE_EXAMPLE,
            "number": "LSSCP-2021-4H8R2W6N",
            "status": "expired",
            "status_label": "Lapsed",
            "issued_on": "2021-03-12",
            "expires_on": "2025-03-12",
            "verification_url": "https://certify.example.org/verify/LSSCP-2021-4H8R2W6N/",
            "pdf_url": "/certificates/LSSCP-2021-4H8R2W6N/certificate.pdf",
            "credential_url": "/certificates/LSSCP-2021-4H8R2W6N/credential.json",
            "holder_name": "Alex Rivera",
            "holder_email": "alex.rivera@example.org",
            "status_reason": "",
        }
    )

    @staticmethod
    def resolve_holder_email(obj: Certificate) -> str:
        return obj.holder.email


class CredentialCheckOut(Schema):
    verified: bool = Field(description="The signature holds and the certificate is in force.")
    signature_valid: bool
    status: Literal[
        "valid", "revoked", "suspended", "expired", "replaced", "not_yet_valid", "invalid"
    ] = Field(
        description="For a credential this site issued, the status its verification page gives "
        "(“expired” also once it has lapsed)."
    )
    status_label: str = Field(
        description="The status in words, as the verification page gives it: “Expired”, "
        "“Lapsed” (expired and no longer renewable), “Replaced by LSSCP-2031-…”."
    )
    replaced_by: str | None = Field(description="The number of the renewal that replaced it.")
    replaced_by_url: str | None = Field(description="The renewal's verification page.")
    problems: list[str]
    issuer: str

    model_config = example(
        {
            "verified": True,
            "signature_valid": True,
            "status": "valid",
            "status_label": "Valid",
            "replaced_by": None,
            "replaced_by_url": None,
            "problems": [],
            "issuer": "did:web:certify.example.org",
        }
    )


class ActionIn(InputSchema):
    action: Literal["approve", "suspend", "reinstate", "revoke"]
    reason: str = Field("", max_length=2000, description="Required to suspend or revoke.")
    current: str = Field(
        "",
        max_length=10,
        description="Optional: the status you saw (e.g. valid). When the certificate no longer "
        "has it (someone acted first, or the request was sent twice), nothing changes and the "
        "answer is a 400 that says so.",
    )

    model_config = example({"action": "suspend", "reason": "Under investigation (case 2026-14)."})


@router.get(
    "/mine",
    response=list[MyCertificateOut],
    summary="List my certificates",
    auth=token_or_session("certificates"),
)
def mine(request: HttpRequest):
    """Your certificates, pending ones included, with links to the PDF and the signed
    credential once issued, and `status_label` in the verification page's words (“Expired”
    while you can still renew, “Lapsed” after). A personal access token needs the
    `certificates` scope."""
    return certificates.certificate_lapsed_read(
        certificates.certificate_list_for_holder(holder=cast(User, request.user))
    )


CREDENTIAL_EXAMPLE = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "did:web:certify.example.org", "type": ["Profile"]},
    "validFrom": "2026-05-04T00:00:00Z",
    "credentialSubject": {"type": ["AchievementSubject"]},
    "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
    "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}],
}


@router.get(
    "/mine/{number}/credential",
    response={200: dict[str, Any], **problems(404)},
    summary="Download my certificate's signed credential (Open Badges 3.0)",
    auth=token_or_session("certificates"),
    openapi_extra={
        "responses": {
            "200": {
                "description": "The signed credential (Open Badges 3.0), as issued",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "title": "Credential",
                            "additionalProperties": True,
                        },
                        "example": CREDENTIAL_EXAMPLE,
                    }
                },
            }
        }
    },
)
def my_credential(request: HttpRequest, number: str):
    """The signed credential of one of your certificates, as the certificates page downloads it
    (`credential_url` in `GET /certificates/mine` is that page's link, for a browser signed
    in). Send it to `POST /certificates/verify-credential`, a wallet or an employer. A personal
    access token needs the `certificates` scope; another person's certificate, or one not issued
    yet, is not found (404)."""
    certificate = certificates.certificate_by_number(number=number)
    if (
        certificate is None
        or not certificate.credential
        or not request.user.has_perm("certificates.download_certificate", certificate)
    ):
        raise Http404
    return certificate.credential


@router.post(
    "/verify-credential",
    response={200: CredentialCheckOut, **problems(400, 413, 422)},
    summary="Check a signed credential (Open Badges 3.0 JSON, or a baked PNG or SVG badge)",
    auth=None,
    throttle=CHECK_LIMITS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "title": "Credential",
                        "description": "The credential as the holder received it, at most "
                        "64 KB (65,536 bytes).",
                    },
                    "example": CREDENTIAL_EXAMPLE,
                },
                "image/png": {
                    "schema": {"type": "string", "format": "binary"},
                    "description": "A baked badge: the credential in an `iTXt` chunk with the "
                    "keyword `openbadgecredential`; at most 1 MB (1,048,576 bytes).",
                },
                "image/svg+xml": {
                    "schema": {"type": "string", "format": "binary"},
                    "description": "A baked badge: the credential in an "
                    "`openbadges:credential` element; at most 1 MB, without a document type "
                    "declaration or entities.",
                },
            },
        }
    },
)
def verify_credential(request: HttpRequest):
    """Send the credential as the body. Its signature, issuer key, dates and status lists are
    checked against this site; credentials from other issuers are refused.

    Before anything is checked, the body must be at most 64 KB (65,536 bytes; a credential
    Certify issues is about 7 KB), nest at most 32 levels and hold at most 200 objects without
    an id; its canonicalization may take at most 4,000 steps. Over a limit, the answer is a
    problem document saying what and the limit: `credential-too-large` (413),
    `credential-not-json` (400), `credential-too-deep`, `credential-too-many-blank-nodes`,
    `credential-too-complex` (422). A credential Certify issued, sent as issued, is answered
    from what was kept when it was issued.

    A baked badge (Open Badges 3.0 "Baked Badge") may be sent instead, as `image/png` or
    `image/svg+xml`: at most 1 MB (1,048,576 bytes); a PNG of at most 256 chunks, its declared
    canvas within the upload pixel limit, its credential chunk not compressed; an SVG without a
    document type declaration or entities, of at most 10,000 elements. Its refusals are
    `badge-image-too-large` (413), `badge-image-damaged`, `badge-image-no-credential`,
    `badge-image-too-many-pixels`, `badge-image-too-complex`, `badge-image-unsafe` and
    `badge-image-unsupported` (422); the credential in it is then checked as above."""
    length = request.META.get("CONTENT_LENGTH") or ""
    checked = certificates.credential_check(
        read=lambda: request.body,
        size=int(length) if plain_digits(length) else None,
        image=certificates.badge_image_kind(media_type=request.content_type or ""),
    )
    result, standing = checked.result, checked.standing
    return {
        "verified": result.verified,
        "signature_valid": result.signature_valid,
        "status": result.status,
        "status_label": standing.label if standing else certificates.CHECK_LABELS[result.status],
        "replaced_by": standing.replaced_by if standing else None,
        "replaced_by_url": settings.SITE_URL + standing.replaced_by_url
        if standing and standing.replaced_by_url
        else None,
        "problems": result.problems,
        "issuer": result.issuer,
    }


@router.get(
    "/{number}",
    response=VerificationOut,
    summary="Verify a certificate by number",
    auth=None,
    throttle=NUMBER_LIMITS,
    url_name="certificate_verify",
)
def verify(request: HttpRequest, number: str):
    """Public: the holder's name, the program, the dates and the status (valid, expired,
    suspended, revoked, or replaced by a renewal; an expired certificate whose last day to renew
    has passed is `expired` with the label “Lapsed”). Nothing else personal. The number is read in
    any case, with spaces or dashes between its groups; older numbers (`LSSCP-2024-000123`) keep
    working, with or without their leading zeros."""
    if (
        certificates.verification_cache_enabled()
    ):  # the finished answer is kept (certificates/verification.py)
        from certify.rest.api import api  # here: that module imports this one

        def build() -> bytes | None:
            found = certificates.certificate_for_verification(number=number)
            if found is None:
                return None
            data = VerificationOut.from_orm(found).model_dump(mode="json")
            return str(api.renderer.render(request, data, response_status=200)).encode()

        body = certificates.verification_cached("api", number, build)
        if body is None:
            raise Http404
        return HttpResponse(body, content_type=api.get_content_type())
    certificate = certificates.certificate_for_verification(number=number)
    if certificate is None:
        raise Http404
    return certificate


STAFF_STATUS_QUERY = Query(
    "",
    description="Only certificates in this state: pending, valid, expired (past `expires_on`, "
    "renewal still open: the grace period), lapsed (past the last day to renew), suspended, "
    "revoked or replaced; empty for all. A filter only: a lapsed certificate's `status` stays "
    "“expired” in the answers, as everywhere in the API.",
    example="lapsed",
)


@staff_router.get("", response=list[StaffCertificateOut], summary="List certificates (staff)")
@paginate(Pagination, read=certificates.certificate_lapsed_read)
def staff_list(request: HttpRequest, status: str = STAFF_STATUS_QUERY, q: str = ""):
    """Pending approvals first. Filter by `status` (pending, valid, expired, lapsed, suspended,
    revoked, replaced) and by number, name or e-mail. Each has `status_label`, the words of its
    verification page (“Expired” in the grace period, “Lapsed” after the last day to renew).
    Program staff only."""
    if not request.user.has_perm("certificates.manage_certificates"):
        raise PermissionDenied
    return certificates.certificate_staff_list(status=status, search=q)


@staff_router.post(
    "/{certificate_id}/actions",
    response=StaffCertificateOut,
    summary="Approve, suspend, reinstate, revoke",
)
def staff_action(request: HttpRequest, certificate_id: int, payload: ActionIn):
    """A reason is required to suspend, reinstate or revoke; the status lists change at once.
    Program staff only."""
    if not request.user.has_perm("certificates.manage_certificates"):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    return certificates.certificate_act(
        certificate=certificate,
        actor=cast(User, request.user),
        action=payload.action,
        reason=payload.reason,
        current=payload.current,
    )
