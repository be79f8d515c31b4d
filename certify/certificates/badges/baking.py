"""Baking a signed credential into a badge image, as Open Badges 3.0 describes ("Baked Badge").

PNG: one `iTXt` chunk with the keyword `openbadgecredential`, not compressed, its text the
credential's JSON. SVG: the `openbadges` namespace (`https://purl.imsglobal.org/ob/v3p0`) on the
`svg` element and, right after its start tag, one `openbadges:credential` element holding the
JSON in CDATA (`art.svg(…, baked=…)`).
"""

import struct
import zlib

from certify.certificates.badges import art

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(text: str) -> bytes:
    """The credential's chunk: keyword, NUL, compression flag 0, method 0, empty language tag,
    NUL, empty translated keyword, NUL, the text in UTF-8."""
    return chunk(b"iTXt", KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8"))


def bake_png(image: bytes, credential_json: str) -> bytes:
    """The PNG with the credential's chunk inserted before its last chunk (IEND)."""
    if not image.startswith(PNG_SIGNATURE) or image[-12:-8] != b"\x00\x00\x00\x00":
        raise ValueError("not a PNG that ends with IEND")
    return image[:-12] + itxt(credential_json) + image[-12:]


def bake_svg(badge: art.BadgeArt, credential_json: str) -> str:
    return art.svg(badge, baked=credential_json)
