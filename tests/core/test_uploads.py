"""Office files are zip archives: what they really expand to is checked, not what they declare."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.core.errors import DomainError
from certify.core.uploads import (
    MAX_ARCHIVE_ENTRIES,
    MAX_COMPRESSION_RATIO,
    check_upload,
    limits_in_words,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _understate(data: bytes, name: str, *, declared: int, real: bytes) -> bytes:
    """Rewrite both headers of part `name` to declare `declared` bytes, with the CRC of the first
    `declared` bytes: Python's zipfile then reads only that much and finds nothing wrong."""
    crc = zlib.crc32(real[:declared])
    out = bytearray(data)
    encoded = name.encode()
    for signature, crc_at, size_at, name_at in (
        (b"PK\x03\x04", 14, 22, 30),
        (b"PK\x01\x02", 16, 24, 46),
    ):
        start = 0
        while (start := out.find(signature, start)) != -1:
            if out[start + name_at : start + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, start + crc_at, crc)
                struct.pack_into("<I", out, start + size_at, declared)
            start += 4
    return bytes(out)


def test_a_document_that_expands_normally_is_accepted():
    words = ["story", "time", "toddlers", "Tuesday", "library", "rhymes", "parents", "books"]
    text = " ".join(f"{words[n * 5 % 8]}{n * 7919 % 1000}" for n in range(20_000))
    data = _docx({"word/body.xml": text.encode()})

    checked = check_upload(SimpleUploadedFile("report.docx", data))

    assert checked.content_type == DOCX
    assert checked.extension == ".docx"


def test_a_zip_bomb_that_declares_its_sizes_is_refused():
    data = _docx({"word/padding.xml": b"\0" * (20 * 1024 * 1024)})

    with pytest.raises(DomainError, match="expands to far more than its size"):
        check_upload(SimpleUploadedFile("report.docx", data))


def test_a_zip_bomb_that_understates_its_sizes_is_refused():
    zeros = b"\0" * (20 * 1024 * 1024)
    data = _understate(
        _docx({"word/padding.xml": zeros}), "word/padding.xml", declared=1000, real=zeros
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # what the sizes say: a small file
        assert sum(i.file_size for i in archive.infolist()) < 2000
        assert archive.read("word/padding.xml") == zeros[:1000]  # and the CRC agrees
    assert len(zeros) > MAX_COMPRESSION_RATIO * len(data)

    with pytest.raises(DomainError, match="expands to far more than its size"):
        check_upload(SimpleUploadedFile("report.docx", data))


def test_an_archive_of_too_many_parts_is_refused():
    data = _docx({f"word/part{n}.xml": b"<x/>" for n in range(MAX_ARCHIVE_ENTRIES)})

    with pytest.raises(DomainError, match="far more parts than a document"):
        check_upload(SimpleUploadedFile("report.docx", data))


def test_a_part_compressed_in_a_way_documents_are_not_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/other.xml", b"<x/>" * 100, compress_type=zipfile.ZIP_LZMA)

    with pytest.raises(DomainError, match="save it again from your office program"):
        check_upload(SimpleUploadedFile("report.docx", buffer.getvalue()))


def _zip_folder() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo-1.txt", "a scanned page")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("evidence.zip", _zip_folder(), "(it is a zip folder: upload the files in it one by one)"),
        ("setup.exe", b"MZ\x90\x00" + b"\0" * 500, "(it is a program)"),
        ("page.html", b"<!DOCTYPE html><html><body>x</body></html>", "(it is a web page: give"),
    ],
)
def test_a_refused_file_is_named_in_words_not_by_its_technical_type(name, data, words):
    with pytest.raises(DomainError) as refused:
        check_upload(SimpleUploadedFile(name, data))

    assert f"“{name}” is not a file type we accept {words}" in refused.value.message
    assert "application/" not in refused.value.message
    assert "text/" not in refused.value.message


@pytest.mark.database_free
@pytest.mark.parametrize(("size", "words"), [(25 * 1024 * 1024, "25 MB"), (2621440, "2.5 MB")])
def test_the_limits_beside_a_file_field_say_megabytes_as_people_do(settings, size, words):
    """ "up to 25 MB", not "up to 25.0 MB" (the help a candidate reads under each upload)."""
    settings.EVIDENCE_MAX_BYTES = size
    assert str(limits_in_words("A PDF, {limits}.")).startswith(f"A PDF, up to {words}; a PDF ")
