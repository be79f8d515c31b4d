"""Private storage flushes each file to the disk before moving it into place (`sync`, on unless
an OPTIONS key turns it off); the test settings turn it off, since their files are thrown away
(certify/core/storage.py, docs/testing.md)."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from certify.core.storage import PrivateFileSystemStorage
from certify.settings import base

pytestmark = pytest.mark.database_free


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counted)
    return calls


@pytest.mark.parametrize("alias", ["private", "documents"])
def test_a_deployments_private_storages_flush_each_file_to_the_disk(alias, tmp_path, fsyncs):
    options = {**base.STORAGES[alias]["OPTIONS"], "location": tmp_path}
    storage = PrivateFileSystemStorage(**options)
    assert storage.sync is True
    name = storage.save("evidence/a.pdf", ContentFile(b"%PDF whole"))
    assert len(fsyncs) == 1
    assert (tmp_path / name).read_bytes() == b"%PDF whole"


def test_without_sync_the_file_is_the_same_and_nothing_waits_for_the_disk(tmp_path, fsyncs):
    storage = PrivateFileSystemStorage(location=tmp_path, sync=False)
    name = storage.save("evidence/a.pdf", ContentFile(b"%PDF whole"))
    assert fsyncs == []
    assert (tmp_path / name).read_bytes() == b"%PDF whole"
    assert [p.name for p in (tmp_path / "evidence").iterdir()] == ["a.pdf"]  # no temporary left


@pytest.mark.parametrize("alias", ["private", "documents"])
def test_the_test_settings_storages_do_not_wait_for_the_disk(alias):
    assert storages[alias].sync is False
