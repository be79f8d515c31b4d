"""The program's badge images, at stable public URLs, and a certificate's baked badges.

The achievement's image and the issuer's image in every credential point here
(`/badges/<program>/achievement.png`, `…/issuer.svg`), so these URLs never change; what they
show is drawn from the program's data at the time of the request (kept in the cache, keyed by a
digest of what is drawn, so a renamed program gets a new picture and a new ETag). The baked
badges are the holder's: the achievement's picture with the certificate's signed credential in
it (ADR 0034).
"""

import hashlib
import json
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from certify.certificates.badges import art, baking
from certify.certificates.credentials import ordered
from certify.certificates.credentials.openbadge import ImageRef
from certify.certificates.models import Certificate
from certify.programs.models import Program

Subject = Literal["achievement", "issuer"]
Format = Literal["png", "svg"]
SUBJECTS: tuple[Subject, ...] = ("achievement", "issuer")
FORMATS: tuple[Format, ...] = ("png", "svg")
MEDIA_TYPES: dict[Format, str] = {"png": "image/png", "svg": "image/svg+xml"}
DRAWING = 1  # raise when the design changes: every kept picture is drawn again
KEEP_SECONDS = 24 * 3600


def badge_art(program: Program, subject: Subject) -> art.BadgeArt:
    if subject == "issuer":
        return art.issuer_art(certifying_body=program.certifying_body)
    return art.achievement_art(
        short_name=program.short_name, name=program.name, certifying_body=program.certifying_body
    )


def _draw(badge: art.BadgeArt, fmt: Format) -> bytes:
    return art.png(badge) if fmt == "png" else art.svg(badge).encode("utf-8")


def program_badge(*, program: Program, subject: Subject, fmt: Format) -> bytes:
    """The picture, drawn once per design and kept (drawing a PNG takes milliseconds)."""
    badge = badge_art(program, subject)
    digest = hashlib.sha256(repr((DRAWING, badge)).encode("utf-8")).hexdigest()[:32]
    key = f"badge:{fmt}:{digest}"
    body: bytes | None = cache.get(key)
    if body is None:
        body = _draw(badge, fmt)
        cache.set(key, body, KEEP_SECONDS)
    return body


def badge_url(program: Program, subject: Subject, fmt: Format = "png") -> str:
    path = reverse(
        "certificates:badge_image", kwargs={"slug": program.slug, "subject": subject, "fmt": fmt}
    )
    return settings.SITE_URL + path


def image_refs(program: Program) -> tuple[ImageRef, ImageRef]:
    """The achievement's and the issuer's `Image` for a credential (PNG: what every badge
    display shows)."""
    achievement = badge_art(program, "achievement")
    issuer = badge_art(program, "issuer")
    return (
        ImageRef(badge_url(program, "achievement"), achievement.description),
        ImageRef(badge_url(program, "issuer"), issuer.description),
    )


def credential_json(credential: dict[str, object]) -> str:
    """The credential as baked: its JSON without spaces, keys in the order it was issued."""
    return json.dumps(ordered(credential), ensure_ascii=False, separators=(",", ":"))


def certificate_badge_baked(*, certificate: Certificate, fmt: Format) -> bytes:
    """The achievement's badge with the certificate's signed credential baked in."""
    if not certificate.credential:
        raise ValueError(f"Certificate {certificate.pk} has no credential to bake.")
    text = credential_json(certificate.credential)
    badge = badge_art(certificate.program, "achievement")
    if fmt == "png":
        plain = program_badge(program=certificate.program, subject="achievement", fmt="png")
        return baking.bake_png(plain, text)
    return baking.bake_svg(badge, text).encode("utf-8")
