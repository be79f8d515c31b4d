"""Evidence files live in private storage: never under a public media URL.

Local by default (PRIVATE_MEDIA_ROOT); any Django storage backend (e.g. an S3-compatible one) by
setting STORAGES["private"]. Files are served only through views that check permission.
"""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage: files have no URL at all."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage() -> Storage:
    return storages["private"]
