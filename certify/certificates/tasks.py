"""Background tasks of certificates: each takes ids and calls a service."""

from django.tasks import task

from certify.certificates.documents import certificate_pdf_store


@task()
def render_certificate_pdf(certificate_id: int) -> bool:
    """Typeset and keep the certificate's PDF as it reads now (ADR 0058)."""
    return certificate_pdf_store(certificate_id=certificate_id)
