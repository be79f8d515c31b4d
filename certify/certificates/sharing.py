"""Sharing a certificate: LinkedIn's "add to profile" link."""

from urllib.parse import urlencode

from certify.certificates.models import Certificate

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def linkedin_add_url(certificate: Certificate) -> str:
    """Opens LinkedIn's "Add licence or certification" form, filled in."""
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
