"""A certificate's standing: the one answer every surface gives (ADR 0036).

The verification page, the API's `GET /api/v1/certificates/{number}`, the PDF and the site's own
credential check all say the same status (valid, suspended, revoked, expired, replaced), the same
words for it ("Replaced by LSSCP-2031-7K3Q9M2X"; "Lapsed" for an expired certificate whose last
day to renew has passed, `holder_words`) and the same days, written in the program's time zone
(`certificates.dates`). They read it from here, never each their own way.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from certify.certificates import dates
from certify.certificates.holder_words import has_lapsed
from certify.certificates.models import Certificate, CertificateTransition

VALID, EXPIRED = Certificate.Status.VALID.value, Certificate.EXPIRED
LAPSED = "lapsed"  # a word, not a status: an expired certificate past its last day to renew
SUSPENDED, REVOKED = Certificate.Status.SUSPENDED.value, Certificate.Status.REVOKED.value
REPLACED = Certificate.Status.REPLACED.value

# What each status means, in the words every surface uses ({since}: the day of the change).
MEANING = {
    VALID: "It is in force.",
    EXPIRED: "It was valid from {issued} until {expires}; it is no longer in force.",
    LAPSED: "It was valid from {issued} until {expires} and was not renewed; it is no longer in "
    "force.",
    SUSPENDED: "The certifying body suspended it{since}; it is not in force while suspended.",
    REVOKED: "The certifying body withdrew it{since}; it is no longer valid.",
    REPLACED: "A renewal replaced it{since}; the certificate in force is {replaced_by}.",
}


# A credential check's statuses in words, when no certificate of ours speaks for it.
CHECK_LABELS = {
    VALID: "Valid",
    EXPIRED: "Expired",
    SUSPENDED: "Suspended",
    REVOKED: "Revoked",
    REPLACED: "Replaced by a renewal",
    "not_yet_valid": "Not valid yet",
    "invalid": "Cannot be trusted",
}


@dataclass(frozen=True)
class Standing:
    status: str  # valid, expired, suspended, revoked, replaced
    label: str  # "Valid", "Lapsed", "Replaced by LSSCP-2031-7K3Q9M2X", …
    issued_on: date | None
    expires_on: date | None
    since: date | None  # the day it was suspended, revoked or replaced (program time zone)
    replaced_by: str | None  # the number of the certificate that replaced it
    replaced_by_url: str | None  # its verification page (path)
    time_zone: str = ""  # the program's, in which its days are written
    lapsed: bool = False  # expired, and its last day to renew has passed (`holder_words`)

    @property
    def in_force(self) -> bool:
        return self.status == VALID

    @property
    def word(self) -> str:
        """The status in one word, as the PDF's watermark writes it ("lapsed", "revoked")."""
        return LAPSED if self.lapsed else self.status

    @property
    def meaning(self) -> str:
        """What the status means, with its day: "The certifying body withdrew it on 3 December
        2026; it is no longer valid." """
        return MEANING[self.word].format(
            since=f" on {dates.day_text(self.since)}" if self.since else "",
            issued=dates.day_text(self.issued_on),
            expires=dates.day_text(self.expires_on),
            replaced_by=self.replaced_by or "its renewal",
        )


def with_status_since(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """Annotate `status_since`: when the certificate last moved into its current status (one
    subquery, so pages that show it keep their number of queries)."""
    last_move = CertificateTransition.objects.filter(
        certificate=OuterRef("pk"), to_status=OuterRef("status")
    ).order_by("-created_at", "-id")
    return queryset.annotate(status_since=Subquery(last_move.values("created_at")[:1]))


def _since(certificate: Certificate) -> date | None:
    if certificate.status not in (SUSPENDED, REVOKED, REPLACED):
        return None
    if hasattr(certificate, "status_since"):
        moment = certificate.status_since
    else:
        moment = (
            CertificateTransition.objects.filter(
                certificate=certificate, to_status=certificate.status
            )
            .order_by("-created_at", "-id")
            .values_list("created_at", flat=True)
            .first()
        )
    return dates.local_day(moment, certificate.program) if moment else None


def _label(certificate: Certificate, status: str, *, lapsed: bool, replaced_by: str | None) -> str:
    if status == REPLACED:
        return f"Replaced by {replaced_by}" if replaced_by else "Replaced by a renewal"
    if status == EXPIRED:
        return Certificate.LAPSED_LABEL if lapsed else Certificate.EXPIRED_LABEL
    return certificate.get_status_display()


def status_label(certificate: Certificate) -> str:
    """The standing's `label` alone ("Valid", "Expired", "Lapsed", "Replaced by …", "Waiting for
    staff approval"), without the day of the change: for lists, whose rows are read with
    `replaced_by` and then `holder_words.lapsed_read`, so they keep their number of queries."""
    status = certificate.current_status
    replacement: Any = certificate.replaced_by if status == REPLACED else None
    return _label(
        certificate,
        status,
        lapsed=status == EXPIRED and has_lapsed(certificate),
        replaced_by=replacement.number if replacement is not None else None,
    )


def standing(certificate: Certificate) -> Standing:
    """The certificate's standing now (its program loaded; `replaced_by` too when replaced)."""
    status = certificate.current_status
    lapsed = has_lapsed(certificate)
    replacement: Any = certificate.replaced_by if status == REPLACED else None
    number = replacement.number if replacement is not None else None
    return Standing(
        status=status,
        label=_label(certificate, status, lapsed=lapsed, replaced_by=number),
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        since=_since(certificate),
        replaced_by=number,
        replaced_by_url=replacement.get_absolute_url() if number else None,
        time_zone=certificate.program.time_zone,
        lapsed=lapsed,
    )


def credential_standing(document: Any) -> Standing | None:
    """The standing of the certificate whose credential this is (found by the credential's id),
    or None when it names none of ours. The caller has checked the signature."""
    identifier = document.get("id") if isinstance(document, dict) else None
    if not isinstance(identifier, str) or not identifier.startswith("urn:uuid:"):
        return None
    try:
        credential_id = uuid.UUID(identifier.removeprefix("urn:uuid:"))
    except ValueError:
        return None
    certificate = (
        with_status_since(
            Certificate.objects.filter(credential_id=credential_id)
            .exclude(status=Certificate.Status.PENDING)
            .select_related("program", "replaced_by")
            .defer("credential", "completed_sets", "replaced_by__credential")
        )
    ).first()
    return standing(certificate) if certificate is not None else None
