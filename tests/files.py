"""Real files for upload tests: uploads are opened as what they are (certify/core/uploads.py), so
a PDF or a picture in a test must be a real one."""

import errno
import io
import os
import struct
import zlib
from pathlib import Path
from typing import Any

from django.conf import settings
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


class _FillingFile:
    """A file on a disk with `room` bytes left: writes go through until the disk is full, then
    fail with ENOSPC, so what was written so far is on the disk (a partial file)."""

    def __init__(self, real: Any, room: list[int]) -> None:
        self._real, self._room = real, room

    def write(self, data: Any) -> int:
        fits = data[: self._room[0]]
        self._real.write(fits)
        self._real.flush()
        self._room[0] -= len(fits)
        if len(fits) < len(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> "_FillingFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


class _OsWithFullDisk:
    def __init__(self, room: list[int]) -> None:
        self._room = room

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> _FillingFile:
        return _FillingFile(os.fdopen(fd, *args, **kwargs), self._room)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def fill_the_disk(monkeypatch: Any, *, room: int = 100) -> None:
    """From now on, files written through private storage (Certify's and Django's own way of
    saving) find only `room` bytes left on the disk: the write fails with ENOSPC half-way."""
    from django.core.files.storage import filesystem

    from certify.core import storage

    left = [room]
    for module in (storage, filesystem):
        monkeypatch.setattr(module, "os", _OsWithFullDisk(left))


def stored_files() -> set[str]:
    """Every file under the private storage's folder, hidden and temporary ones included."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
