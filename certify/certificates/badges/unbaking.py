"""Reading the credential back out of a baked badge someone sends, without trusting the image.

An image is measured before anything in it is used, and refused with what was wrong in words
(a `bounds.DocumentLimitError` of a `badge-image-*` kind; `services.credential_check` turns it
into the same refusal as any other, ADR 0027 and ADR 0034):

- at most `MAX_IMAGE_BYTES`, from the declared size before reading when the door knows it;
- PNG: the chunks are walked, not decoded: at most `MAX_CHUNKS`, each inside the file with a
  matching CRC; the canvas the header declares within `IMAGE_MAX_PIXELS` (a decompression bomb
  is refused before a pixel is inflated); one `openbadgecredential` chunk, not compressed (OB 3.0
  forbids it, and a compressed text could itself be a bomb). Then the picture is opened and
  decoded as every uploaded picture is (`core.upload_images.check_image`);
- SVG: parsed with expat, refusing any document type declaration or entity before it is used
  (no entity expansion, nothing external: what defusedxml refuses), at most `MAX_SVG_ELEMENTS`
  elements nested at most `MAX_SVG_DEPTH` deep, one `openbadges:credential` element with its
  JSON in the body (a `verify` attribute, a JWT, is not a form Certify checks).

The credential's text is then the same as a pasted one: at most 64 KB, and so on.
"""

import struct
import zlib
from typing import Any, NoReturn
from xml.parsers import expat

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.certificates.badges.art import OB_NS, SVG_NS
from certify.certificates.badges.baking import KEYWORD, PNG_SIGNATURE
from certify.certificates.credentials.bounds import DocumentLimitError
from certify.core.errors import DomainError
from certify.core.upload_images import DAMAGED, check_image

MAX_IMAGE_BYTES = 1024 * 1024
MAX_CHUNKS = 256
MAX_SVG_ELEMENTS = 10_000
MAX_SVG_DEPTH = 64
PNG, SVG = "png", "svg"
MEDIA_TYPES = {"image/png": PNG, "image/svg+xml": SVG}
ASK_AGAIN = "Ask the holder for the badge file as Certify gave it (PNG or SVG)."


def _refuse(message: str, kind: str, limit: int | None = None) -> NoReturn:
    raise DocumentLimitError(message, kind=f"badge-image-{kind}", limit=limit)


def _damaged(why: str) -> NoReturn:
    _refuse(f"This image cannot be read as a badge: {why}. {ASK_AGAIN}", "damaged")


def image_kind(*, media_type: str = "", name: str = "") -> str | None:
    """ "png" or "svg" when the door says the file is a badge image (its media type or, for an
    upload, its name), else None: then it is a credential's JSON."""
    kind = MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
    if kind is None and "." in name:
        kind = {"png": PNG, "svg": SVG}.get(name.rsplit(".", 1)[1].lower())
    return kind


def sniff(raw: bytes | str) -> str | None:
    """An image sent as if it were JSON: a PNG's signature, or XML (JSON never starts with <)."""
    head = raw[:16].encode("utf-8") if isinstance(raw, str) else raw[:16]
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return SVG
    return None


def size_check(size: int) -> None:
    if size > MAX_IMAGE_BYTES:
        _refuse(
            f"The image is {size:,} bytes; badge images checked here may be at most "
            f"{MAX_IMAGE_BYTES:,} bytes ({MAX_IMAGE_BYTES // 1024 // 1024} MB).",
            "too-large",
            MAX_IMAGE_BYTES,
        )


def _too_many_pixels(width: int, height: int) -> NoReturn:
    millions = settings.IMAGE_MAX_PIXELS / 1_000_000
    _refuse(
        f"The image says it is {width:,} by {height:,} pixels; badge images checked here may have "
        f"at most {millions:g} million pixels. It may be damaged or malicious.",
        "too-many-pixels",
        settings.IMAGE_MAX_PIXELS,
    )


def extract(raw: bytes | str, kind: str) -> str:
    """The credential's text baked into `raw` (a PNG or an SVG), or a refusal."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    size_check(len(data))
    return _from_png(data) if kind == PNG else _from_svg(data)


# --- PNG -----------------------------------------------------------------------------------------


def _from_png(data: bytes) -> str:
    if not data.startswith(PNG_SIGNATURE):
        _damaged("it does not start as a PNG file does")
    found: str | None = None
    position, chunks = len(PNG_SIGNATURE), 0
    while True:
        if position + 12 > len(data):
            _damaged("it is cut short (it has no end marker)")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            _damaged(f"a part of it says it is {length:,} bytes long, more than the file holds")
        chunks += 1
        if chunks > MAX_CHUNKS:
            _refuse(
                f"The image is made of more than {MAX_CHUNKS} parts (PNG chunks); badge images "
                f"checked here may have at most {MAX_CHUNKS}.",
                "too-complex",
                MAX_CHUNKS,
            )
        body = data[position + 8 : end - 4]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4 : end])[0]:
            _damaged("a part of it was changed or cut (its checksum does not match)")
        if chunks == 1:
            if kind != b"IHDR" or length != 13:
                _damaged("it does not start with a PNG header")
            width, height = struct.unpack(">II", body[:8])
            if width * height > settings.IMAGE_MAX_PIXELS:
                _too_many_pixels(width, height)
        elif kind == b"iTXt" and body.split(b"\x00", 1)[0] == KEYWORD:
            if found is not None:
                _damaged("it holds more than one credential")
            found = _itxt_text(body)
        elif kind == b"IEND":
            break
        position = end
    if found is None:
        _no_credential()
    _decodes(data)
    return found


def _itxt_text(body: bytes) -> str:
    rest = body[len(KEYWORD) + 1 :]
    if len(rest) < 2 or rest[0] != 0:
        _refuse(
            "The credential in this PNG is compressed; Open Badges 3.0 says it must not be, and "
            f"Certify's badges never are. {ASK_AGAIN}",
            "unsupported",
        )
    parts = rest[2:].split(b"\x00", 2)  # language tag, translated keyword, text
    if len(parts) != 3:
        _damaged("its credential part is incomplete")
    try:
        return parts[2].decode("utf-8")
    except UnicodeDecodeError:
        _damaged("its credential is not text (UTF-8)")


def _decodes(data: bytes) -> None:
    """Open and decode the picture as any uploaded picture is (Pillow, under the pixel limit)."""
    try:
        check_image(SimpleUploadedFile("badge.png", data, "image/png"), "image/png")
    except DomainError as error:
        if error.message == DAMAGED:
            _damaged("its picture is damaged or cut short")
        _refuse(error.message, "too-many-pixels", settings.IMAGE_MAX_PIXELS)


def _no_credential() -> NoReturn:
    _refuse(
        "This image has no credential baked into it. A badge copied from a web page or a "
        "screenshot does not carry one: ask the holder for the badge file they downloaded from "
        "Certify, or for the credential itself (.json).",
        "no-credential",
    )


# --- SVG -----------------------------------------------------------------------------------------

_SVG_ROOT = f"{SVG_NS} svg"
_CREDENTIAL = f"{OB_NS} credential"


class _SvgReader:
    """Expat handlers that refuse what could expand or reach out, and keep the credential."""

    def __init__(self) -> None:
        self.elements = 0
        self.depth = 0
        self.inside = False
        self.found = 0
        self.text: list[str] = []

    def start(self, name: str, attributes: dict[str, Any]) -> None:
        self.elements += 1
        self.depth += 1
        if self.elements == 1 and name != _SVG_ROOT:
            _damaged("it is not an SVG image")
        if self.elements > MAX_SVG_ELEMENTS or self.depth > MAX_SVG_DEPTH:
            _refuse(
                f"The SVG has more than {MAX_SVG_ELEMENTS:,} elements or nests them more than "
                f"{MAX_SVG_DEPTH} levels deep; badge images checked here may not.",
                "too-complex",
                MAX_SVG_ELEMENTS,
            )
        if name == _CREDENTIAL:
            self.found += 1
            if self.found > 1:
                _damaged("it holds more than one credential")
            if "verify" in attributes:
                _refuse(
                    "This badge carries a credential signed as a JSON Web Token; this site "
                    "checks credentials with an embedded proof, as Certify issues them.",
                    "unsupported",
                )
            self.inside = True

    def end(self, name: str) -> None:
        self.depth -= 1
        if name == _CREDENTIAL:
            self.inside = False

    def characters(self, text: str) -> None:
        if self.inside:
            self.text.append(text)

    def declaration(self, *args: Any) -> NoReturn:
        _refuse(
            "The SVG declares a document type or entities (<!DOCTYPE …> or <!ENTITY …>); badge "
            "images checked here may not, because such declarations can make a file expand "
            "without end or read other files. Certify's badges have none.",
            "unsafe",
        )


def _from_svg(data: bytes) -> str:
    reader = _SvgReader()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = reader.declaration
    parser.EntityDeclHandler = reader.declaration
    parser.UnparsedEntityDeclHandler = reader.declaration
    parser.NotationDeclHandler = reader.declaration
    parser.ExternalEntityRefHandler = reader.declaration
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        _damaged(
            f"it is not well-formed SVG (line {error.lineno}: {expat.errors.messages[error.code]})"
        )
    if not reader.found:
        _no_credential()
    return "".join(reader.text).strip()
