"""Sharing a certificate: LinkedIn's "add to profile" link and the verification page's link
preview (Open Graph and Twitter card tags).

A preview says only what the verification page shows anyone, and never looks valid when the
certificate is not: its status comes first in the title and the description, and the badge
picture is shown only while the certificate is valid (ADR 0034).
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.utils.formats import date_format

from certify.certificates import badge_images
from certify.certificates.models import Certificate
from certify.certificates.standing import Standing, standing

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def linkedin_add_url(certificate: Certificate) -> str:
    """Opens LinkedIn's "Add license or certification" form, filled in."""
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.program.name,
        "organizationName": certificate.program.certifying_body,
        "certUrl": certificate.verification_url,
        "certId": certificate.number or "",
    }
    if certificate.issued_on:
        params |= {
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
        }
    if certificate.expires_on:
        params |= {
            "expirationYear": certificate.expires_on.year,
            "expirationMonth": certificate.expires_on.month,
        }
    return f"{LINKEDIN_ADD}?{urlencode(params)}"


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    url: str
    image: str  # "" when the certificate is not valid: no picture that looks like a badge
    image_alt: str


def _day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def link_preview(certificate: Certificate, *, answer: Standing | None = None) -> Preview:
    """The link preview of a certificate's verification page. Its status is in the page's own
    words, the standing's `label` ("Lapsed", "Replaced by LSSCP-2031-7K3Q9M2X"; ADR 0036):
    `answer` is the standing the page shows, read here when not given."""
    program, number, holder = certificate.program, certificate.number, certificate.holder_name
    answer = answer or standing(certificate)
    status, word = answer.status, answer.label
    issued, until = _day(certificate.issued_on), _day(certificate.expires_on)
    said = {
        "valid": f"Valid. {holder} holds {program.name} certificate {number}, issued by "
        f"{program.certifying_body} on {issued}, valid until {until}.",
        "expired": f"{word} (valid until {until}). {holder}'s {program.name} certificate "
        f"{number} is no longer in force.",
        "suspended": f"Suspended. {holder}'s {program.name} certificate {number} is not in force "
        "while suspended.",
        "revoked": f"Revoked. {program.certifying_body} has withdrawn {holder}'s {program.name} "
        f"certificate {number}; it is no longer valid.",
        "replaced": f"{word}. {holder}'s {program.name} certificate {number} is "
        "no longer the current one; the page links to the renewal.",
    }
    achievement = badge_images.badge_art(program, "achievement")
    return Preview(
        title=f"{word}: {program.name} certificate {number}",
        description=said.get(status, f"{word}."),
        url=certificate.verification_url,
        image=badge_images.badge_url(program, "achievement") if status == "valid" else "",
        image_alt=achievement.description,
    )
