"""Evidence files live in private storage: never under a public media URL.

Local by default (PRIVATE_MEDIA_ROOT); any Django storage backend (e.g. an S3-compatible one) by
setting STORAGES["private"]. Files are served only through views that check permission.
"""

import contextlib
import logging
import os
import tempfile
from typing import Any

from django.core.files.move import file_move_safe
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils._os import safe_makedirs

from certify.core.errors import DomainError

logger = logging.getLogger(__name__)

NOT_STORED = (
    "We could not store your file right now, so nothing was saved. Please try again in a few "
    "minutes; if it keeps happening, tell program staff."
)


class UploadNotStoredError(DomainError):
    """Storage could not take a file (a full disk, a storage that does not answer): nothing was
    kept, and trying again later may work (the API answers 503 with Retry-After)."""


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage: files have no URL at all, and a file is there whole or not at all.

    `sync` (an OPTIONS key, on unless set): each file is flushed to the disk (`fsync`) before it
    is moved into place, so a file that is there survives a crash. The test settings turn it off:
    their files are thrown away, and the flushes were seconds of waiting on the disk per suite
    (docs/testing.md, "Figures")."""

    def __init__(self, *args: Any, sync: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sync = sync

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")

    def _save(self, name: str, content: Any) -> str:
        """Write to a hidden temporary file beside the final one, then move it into place: a write
        that fails half-way (a full disk) leaves no partial file under any name."""
        directory = os.path.dirname(self.path(name))
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                if self.sync:
                    os.fsync(out.fileno())
            while True:
                try:
                    file_move_safe(temporary, self.path(name), allow_overwrite=False)
                    break
                except FileExistsError:  # taken since the name was chosen: choose again
                    name = self.get_available_name(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(self.path(name), self.file_permissions_mode)
        self._ensure_location_group_id(self.path(name))  # type: ignore[attr-defined]
        return name.replace("\\", "/")


def private_storage() -> Storage:
    return storages["private"]


def upload_store(file: FieldFile, upload: UploadedFile, *, field: str) -> None:
    """Write a checked upload to `file`'s storage (the row is saved by the caller, in the same
    transaction). When storage fails, the person is told in their words and the caller's
    transaction rolls back, so no row ever points at a missing or partial file."""
    try:
        file.save(file.field.name, upload, save=False)
    except OSError as error:
        logger.error("Could not store an upload for %s: %s", file.field, error)
        raise UploadNotStoredError(NOT_STORED, field=field) from None


def private_file_response(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A private file as an attachment that the browser will neither sniff nor run."""
    safe = name.replace("/", "-").replace("\\", "-").replace('"', "") or "file"
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=safe, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
