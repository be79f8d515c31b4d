"""Badge images: the program's (public, at the stable URLs credentials name) and the holder's
baked badges (the holder and staff only, like the credential itself)."""

import hashlib
from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from certify.certificates import badge_images, selectors
from certify.certificates.badge_images import MEDIA_TYPES, Format, Subject
from certify.certificates.models import Certificate
from certify.core.decorators import permission_required

# Credentials name these pictures for years: cached by anyone, revalidated by ETag after an hour
# (a renamed program is drawn again).
IMAGE_CACHE = "public, max-age=3600"
# An SVG opened on its own is a document: it may run nothing and load nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _image(request: HttpRequest, body: bytes, fmt: Format) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=MEDIA_TYPES[fmt])
    response["ETag"] = etag
    response["Cache-Control"] = IMAGE_CACHE
    response["Access-Control-Allow-Origin"] = "*"  # badge displays fetch it from anywhere
    if fmt == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_GET
def badge_image(request: HttpRequest, slug: str, subject: str, fmt: str) -> HttpResponse:
    """The program's badge (`achievement`) or its certifying body's emblem (`issuer`)."""
    program = selectors.program_with_badges_find(slug=slug)
    if program is None:
        raise Http404
    body = badge_images.program_badge(
        program=program, subject=cast(Subject, subject), fmt=cast(Format, fmt)
    )
    return _image(request, body, cast(Format, fmt))


@permission_required("certificates.view_own_certificates")
def baked_badge(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    """The certificate's badge with its signed credential baked in, to download."""
    certificate = selectors.certificate_by_number(number=number)
    if certificate is None:
        raise Http404
    if not request.user.has_perm("certificates.download_certificate", certificate):
        raise Http404  # someone else's: as an unknown number (docs/security.md)
    if not certificate.credential:
        raise Http404
    body = badge_images.certificate_badge_baked(
        certificate=cast(Certificate, certificate), fmt=cast(Format, fmt)
    )
    response = HttpResponse(body, content_type=MEDIA_TYPES[cast(Format, fmt)])
    response["Content-Disposition"] = f'attachment; filename="badge-{certificate.number}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    if fmt == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response
