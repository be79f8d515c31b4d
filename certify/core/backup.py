"""Backup and restore for the embedded SQLite database, with the uploaded files.

A backup is one zip: `db.sqlite3` (taken with SQLite's online backup API, so it is consistent
even while the site runs), and the `media/` and `private/` folders. PostgreSQL installations use
`pg_dump`/`pg_restore` instead (docs/operations.md) and this module for the files only.
"""

import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from certify.core.errors import DomainError

FORMAT_VERSION = "1"


def _folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup_create(*, output: Path, include_database: bool = True) -> Path:
    """Write a consistent backup zip to `output` and return its path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "certify-backup.txt",
            f"format {FORMAT_VERSION}\ncreated {datetime.now(UTC).isoformat()}\n",
        )
        if include_database:
            if connection.vendor != "sqlite":
                raise DomainError("The database is not SQLite: back it up with pg_dump.")
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "db.sqlite3"
                connection.ensure_connection()
                target = sqlite3.connect(copy)
                try:
                    connection.connection.backup(target)  # type: ignore[union-attr]
                finally:
                    target.close()
                archive.write(copy, "db.sqlite3")
        for name, folder in _folders().items():
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{name}/{path.relative_to(folder)}")
    return output


def backup_restore(*, source: Path, database_path: Path | None = None) -> list[str]:
    """Restore a backup zip: the SQLite file (when given a path) and the uploaded files."""
    if not zipfile.is_zipfile(source):
        raise DomainError(f"{source} is not a Certify backup (not a zip file).")
    restored = []
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        if "certify-backup.txt" not in names:
            raise DomainError(f"{source} is not a Certify backup (no certify-backup.txt).")
        for member in names:
            if member.startswith("/") or ".." in Path(member).parts:
                raise DomainError(f"Refusing an unsafe path in the backup: {member}")
        folders = _folders()
        for member in names:
            top, _, rest = member.partition("/")
            if top in folders and rest:
                target = folders[top] / rest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
                restored.append(member)
        if database_path is not None and "db.sqlite3" in names:
            database_path.parent.mkdir(parents=True, exist_ok=True)
            database_path.write_bytes(archive.read("db.sqlite3"))
            for suffix in ("-wal", "-shm"):
                Path(f"{database_path}{suffix}").unlink(missing_ok=True)
            restored.append("db.sqlite3")
    return restored
