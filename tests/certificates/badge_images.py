"""Building PNG and SVG badges by hand, honest and hostile, for the baked-badge tests."""

import io
import json
import struct
import zlib

from PIL import Image

from certify.certificates.badges.baking import KEYWORD, PNG_SIGNATURE, chunk

OB_NS = "https://purl.imsglobal.org/ob/v3p0"


def ihdr(width: int, height: int) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (4, 4), (29, 78, 137, 255)).save(out, format="PNG")
    return out.getvalue()


def credential_chunk(text: str, *, compressed: bool = False) -> bytes:
    body = text.encode("utf-8")
    if compressed:
        return chunk(b"iTXt", KEYWORD + b"\x00\x01\x00\x00\x00" + zlib.compress(body))
    return chunk(b"iTXt", KEYWORD + b"\x00\x00\x00\x00\x00" + body)


def png_with(*chunks: bytes, base: bytes | None = None) -> bytes:
    """`base` (a small real PNG) with `chunks` inserted before its IEND."""
    image = base if base is not None else small_png()
    return image[:-12] + b"".join(chunks) + image[-12:]


def bomb_png(text: str) -> bytes:
    """A header declaring 100,000 by 100,000 pixels (ten billion), a few bytes of pixel data that
    would inflate without end, and a credential: refused on the header, before any inflating."""
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 100_000, 9))
    end = chunk(b"IEND", b"")
    return PNG_SIGNATURE + ihdr(100_000, 100_000) + credential_chunk(text) + idat + end


def svg_with(body: str, *, prolog: str = "", root_attributes: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB_NS}"'
        f' viewBox="0 0 10 10"{root_attributes}>{body}</svg>'
    ).encode()


def svg_credential(credential: dict) -> str:
    return f"<openbadges:credential><![CDATA[{json.dumps(credential)}]]></openbadges:credential>"
