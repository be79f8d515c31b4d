"""Evidence files live in private storage: never under a public media URL.

Local by default (PRIVATE_MEDIA_ROOT); any Django storage backend (e.g. an S3-compatible one) by
setting STORAGES["private"]. Files are served only through views that check permission.
"""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage: files have no URL at all."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage() -> Storage:
    return storages["private"]


def private_file_response(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A private file as an attachment that the browser will neither sniff nor run."""
    safe = name.replace("/", "-").replace("\\", "-").replace('"', "") or "file"
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=safe, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
