"""Backup and restore round trip: the data and the uploaded files come back the same."""

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from certify.core.backup import backup_restore
from certify.core.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _dump(env: dict[str, str]) -> str:
    return _manage("dumpdata", "programs", "core", "--indent", "0", env=env)


def _migrated_sqlite_file(path: Path) -> None:
    """A migrated database in `path`: a copy of this run's migrated SQLite test database (a
    fresh `migrate` of every app costs most of a minute on a slow machine)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip(
            "the SQLite backup round trip runs in the SQLite suite: it uses its own database "
            "file, copied from the SQLite test database"
        )
    name = connection.creation._get_test_db_name()
    source = sqlite3.connect(name, uri=True) if name.startswith("file:") else sqlite3.connect(name)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()


def test_a_sqlite_backup_restores_the_same_data_and_files(tmp_path, transactional_db):
    # transactional_db: SQLite's backup of the in-memory test database waits, forever, for a
    # test transaction left open on it (a plain `db` test hangs here).
    _migrated_sqlite_file(tmp_path / "live.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certify.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    _manage("load_program", "lsscp", env=env)
    evidence = tmp_path / "private" / "evidence" / "1" / "proof.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 proof")
    before = _dump(env)

    archive = tmp_path / "backup.zip"
    _manage("backup", "-o", str(archive), env=env)
    assert {"db.sqlite3", "private/evidence/1/proof.pdf"} <= set(
        zipfile.ZipFile(archive).namelist()
    )

    # Lose everything, then restore.
    (tmp_path / "live.sqlite3").unlink()
    evidence.unlink()
    _manage("restore", str(archive), "--yes", env=env)
    assert _dump(env) == before
    assert evidence.read_bytes() == b"%PDF-1.4 proof"


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_text("hello")
    with pytest.raises(DomainError, match="not a zip"):
        backup_restore(source=bogus)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("certify-backup.txt", "format 1")
        archive.writestr("media/../../escape.txt", "x")
    with pytest.raises(DomainError, match="unsafe path"):
        backup_restore(source=evil)
