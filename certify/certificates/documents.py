"""The certificate as a PDF/A document (WeasyPrint), with a QR code to its verification page.

The PDF shows the certificate's standing as its verification page does (`certificates.standing`):
a certificate that is not in force (suspended, revoked, expired, replaced) is marked so across
the page, with the day and what it means. PDFs are not stored: each download is rendered from
the certificate as it is now, so a status change (and a reinstatement) shows at once (ADR 0036).
"""

import segno
from django.conf import settings
from django.template.loader import render_to_string

from certify.certificates.models import Certificate
from certify.certificates.standing import standing

PDF_VARIANT = "pdf/a-3b"
QR_SCALE = 6  # pixels per module in the PNG
QR_BORDER = 4  # the quiet zone scanners need, in modules


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_png_data_uri(url: str) -> str:
    return qr_code(url).png_data_uri(scale=QR_SCALE, border=QR_BORDER, dark="#000", light="#fff")


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """The printable certificate: A4 landscape, fonts for names in any script, PDF/A-3b."""
    from weasyprint import HTML  # loads pango; only PDF requests need it

    url = certificate.verification_url
    html = render_to_string(
        "certificates/pdf/certificate.html",
        {
            "certificate": certificate,
            "standing": standing(certificate),
            "program": certificate.program,
            "verification_url": url,
            "qr_data_uri": qr_png_data_uri(url),
            "site_url": settings.SITE_URL,
        },
    )
    result: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf(
        pdf_variant=PDF_VARIANT, uncompressed_pdf=False
    )
    return result
