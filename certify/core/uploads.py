"""Checking uploaded evidence by its content, never by its name: its type decided by libmagic,
then opened as what it is (office archives here, pictures in `upload_images`, PDFs in
`upload_pdfs`) so that a file that would expand absurdly, or is cut short, is refused."""

import struct
import zipfile
import zlib
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy

from certify.core.bodylimit import size_words
from certify.core.errors import DomainError
from certify.core.upload_images import PILLOW_FORMATS, check_image
from certify.core.upload_pdfs import check_pdf

ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/x-wav": ".wav",
    "audio/wav": ".wav",
    "audio/x-m4a": ".m4a",
    "audio/mp4": ".m4a",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "text/plain": ".txt",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
ACCEPTED_IN_WORDS = (
    "PDF, Word, Excel, PowerPoint or OpenDocument files, pictures (PNG, JPEG, GIF, WebP), "
    "audio (MP3, WAV, M4A), video (MP4, MOV, WebM) or plain text"
)
# Office files are zip archives: refuse ones that would expand absurdly (zip bombs).
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_ENTRIES = 5_000
EXPANDS = "The file expands to far more than its size; it may be damaged or malicious."
_CHUNK = 64 * 1024


# What a refused file is, in words a person knows, and what to do instead; a type named here by
# its technical name only ("application/x-dosexec") told nobody anything. Others: nothing said.
REFUSED_IN_WORDS: dict[str, str] = {
    "application/zip": "a zip folder: upload the files in it one by one",
    "application/x-rar": "a RAR folder: upload the files in it one by one",
    "application/x-7z-compressed": "a compressed folder: upload the files in it one by one",
    "application/gzip": "a compressed file: upload the file inside it",
    "image/heic": "an iPhone photo (HEIC): save it as JPEG, or take a screenshot of it",
    "image/heif": "an iPhone photo (HEIF): save it as JPEG, or take a screenshot of it",
    "text/html": "a web page: give its address as a link instead",
    "application/x-dosexec": "a program",
    "application/x-executable": "a program",
    "application/x-mach-binary": "a program",
}


def _refused_in_words(content_type: str) -> str:
    words = REFUSED_IN_WORDS.get(content_type)
    return f" (it is {words})" if words else ""


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int


def _limits() -> str:
    return (
        f"up to {size_words(settings.EVIDENCE_MAX_BYTES)}; a PDF up to "
        f"{settings.PDF_MAX_PAGES} pages, a picture up to "
        f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g} megapixels"
    )


def limits_in_words(template: str = "{limits}") -> str:
    """The limits a person meets, in the help beside a file field: `template` with `{limits}`
    replaced ("up to 25 MB; a PDF up to 300 pages, …"), read from the settings when shown."""
    return _lazy_format(template)


_lazy_format = lazy(lambda template: template.format(limits=_limits()), str)


def check_upload(upload: UploadedFile) -> CheckedUpload:
    limit = settings.EVIDENCE_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise DomainError("The file is empty.", field="file")
    if size > limit:
        raise DomainError(
            f"The file is {filesizeformat(size)}; the largest we accept is "
            f"{filesizeformat(limit)}. Try a smaller file, or share it as a link.",
            field="file",
        )
    upload.seek(0)
    head = upload.read(262144)
    upload.seek(0)
    content_type = magic.from_buffer(head, mime=True)
    if content_type not in ALLOWED_TYPES:
        raise DomainError(
            f"“{upload.name}” is not a file type we accept{_refused_in_words(content_type)}. "
            f"We accept {ACCEPTED_IN_WORDS}.",
            field="file",
        )
    if ALLOWED_TYPES[content_type] in {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}:
        _check_archive(upload)
    elif content_type in PILLOW_FORMATS:
        check_image(upload, content_type)
    elif content_type == "application/pdf":
        check_pdf(upload)
    return CheckedUpload(content_type, ALLOWED_TYPES[content_type], size)


def _check_archive(upload: UploadedFile) -> None:
    """Office files are zip archives. Refuse one that holds too many parts, or that expands to
    more than `MAX_COMPRESSION_RATIO` times its size (at most `MAX_UNZIPPED_BYTES`): the sizes it
    declares are checked first, then every part is really inflated, to the end of its stream and
    whatever it declares, counting the bytes (a zip bomb can understate its sizes)."""
    cap = min(MAX_UNZIPPED_BYTES, MAX_COMPRESSION_RATIO * max(1, upload.size or 0))
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
        if len(infos) > MAX_ARCHIVE_ENTRIES:
            raise DomainError(
                "The file holds far more parts than a document does; it may be damaged or "
                "malicious.",
                field="file",
            )
        if sum(i.file_size for i in infos) > cap:
            raise DomainError(EXPANDS, field="file")
        expanded = 0
        for info in infos:
            expanded += _inflated_size(upload, info, limit=cap - expanded)
            if expanded > cap:
                raise DomainError(EXPANDS, field="file")
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError):
        raise DomainError("The file is damaged and cannot be opened.", field="file") from None
    finally:
        upload.seek(0)


def _inflated_size(upload: UploadedFile, info: zipfile.ZipInfo, *, limit: int) -> int:
    """How many bytes one part really inflates to, reading its compressed stream from its local
    header until the stream ends; stops counting past `limit`."""
    upload.seek(info.header_offset)
    header = upload.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    upload.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size  # stored as is: nothing to expand
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise DomainError(
            "The file is compressed in a way documents are not; save it again from your office "
            "program and upload that copy.",
            field="file",
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    while not inflater.eof and total <= limit:
        pending = inflater.unconsumed_tail or upload.read(_CHUNK)
        if not pending:
            break  # the stream was cut short: it inflates to no more than this
        total += len(inflater.decompress(pending, max(1, limit - total + 1)))
    return total
