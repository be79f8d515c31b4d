"""Checking uploaded evidence by its content, never by its name."""

import zipfile
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from certify.core.errors import DomainError

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


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int


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
            f"“{upload.name}” is not a file type we accept (it looks like {content_type}). "
            f"We accept {ACCEPTED_IN_WORDS}.",
            field="file",
        )
    if ALLOWED_TYPES[content_type] in {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}:
        _check_archive(upload)
    return CheckedUpload(content_type, ALLOWED_TYPES[content_type], size)


def _check_archive(upload: UploadedFile) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise DomainError("The file is damaged and cannot be opened.", field="file") from None
    finally:
        upload.seek(0)
    unzipped = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_COMPRESSION_RATIO:
        raise DomainError(
            "The file expands to far more than its size; it may be damaged or malicious.",
            field="file",
        )
