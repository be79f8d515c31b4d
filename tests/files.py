"""Real files for upload tests: uploads are opened as what they are (certify/core/uploads.py), so
a PDF or a picture in a test must be a real one."""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter


def pdf(pages: int = 1, *, metadata: dict[str, str] | None = None) -> bytes:
    """A valid PDF of blank pages, with document properties (e.g. "/Author") if given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    if metadata:
        writer.add_metadata(metadata)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf()


def picture(width: int = 2, height: int = 2, *, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format=format)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width` by `height` pixels: the whole file is a few dozen
    bytes, what it would decode to is not (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )
