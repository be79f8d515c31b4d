"""The certificate as a PDF/A document (WeasyPrint), with a QR code to its verification page.

The PDF shows the certificate's standing as its verification page does (`certificates.standing`):
a certificate that is not in force (suspended, revoked, expired, replaced) is marked so across
the page, with the day and what it means, from the moment it changes (ADR 0036).

Renderings are kept in the documents storage, named by what they show (ADR 0058): each move of
the certificate (issued, approved, suspended, reinstated, revoked, replaced) has its PDF typeset
in the background (`certificates.handlers.certificate_pdf_render`), and the download serves the
stored file while it shows what the certificate says now. An expiry and a lapse change it with
no move: the daily job `certificates.expired_documents` (`expiry.py`) and the renewals' lapse
event have it typeset again in the background too; a download before they ran typesets it on
the spot.
"""

from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string

from certify.certificates import selectors
from certify.certificates.models import Certificate
from certify.certificates.standing import standing
from certify.core.documents import Document, document_store, pdf_from_html, render_later

PDF_VARIANT = "pdf/a-3b"
QR_SCALE = 6  # pixels per module in the PNG
QR_BORDER = 4  # the quiet zone scanners need, in modules


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


@lru_cache(maxsize=256)
def qr_png_data_uri(url: str) -> str:
    """The QR code as a PNG data URI (the same for the same address; drawing it takes longer
    than reading a stored PDF, so the last few hundred are kept in memory)."""
    return qr_code(url).png_data_uri(scale=QR_SCALE, border=QR_BORDER, dark="#000", light="#fff")


def certificate_document(*, certificate: Certificate) -> Document:
    """The printable certificate: A4 landscape, fonts for names in any script, PDF/A-3b."""
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

    def typeset() -> bytes:
        return pdf_from_html(html, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)

    return Document(kind="certificates", key=str(certificate.pk), shows=html, typeset=typeset)


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """The certificate PDF, typeset now."""
    return certificate_document(certificate=certificate).typeset()


def certificate_pdf_store(*, certificate_id: int) -> bool:
    """Keep the current rendering of the certificate's PDF (idempotent; True when it typeset).
    Read as the download view reads it, so the stored file is named as the view looks for it."""
    number = Certificate.objects.filter(pk=certificate_id).values_list("number", flat=True).first()
    certificate = selectors.certificate_by_number(number=number) if number else None
    if certificate is None:  # not issued (pending approval): there is no PDF to download
        return False
    return document_store(certificate_document(certificate=certificate))


def certificate_pdf_render_later(certificate_id: int) -> None:
    """After commit, typeset the certificate's PDF again (what it shows changed)."""
    from certify.certificates.tasks import render_certificate_pdf

    render_later(render_certificate_pdf, certificate_id)
