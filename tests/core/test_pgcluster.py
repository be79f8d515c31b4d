"""Where tools/pgcluster.py puts its throwaway cluster: in memory (/dev/shm) when the machine has
room there, else where PGCLUSTER_DIR says, else the temporary folder (docs/testing.md)."""

import importlib.util
import shutil
from collections import namedtuple
from pathlib import Path

import pytest

pytestmark = pytest.mark.database_free

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "pgcluster.py"
Usage = namedtuple("Usage", "total used free")
MEMORY = "/dev/" + "shm"  # the folder pgcluster.py prefers, spelled out here to test it


@pytest.fixture
def pgcluster(monkeypatch):
    spec = importlib.util.spec_from_file_location("pgcluster_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("PGCLUSTER_DIR", raising=False)
    return module


def _free(monkeypatch, free):
    def usage(path):
        assert path == MEMORY
        if free is None:
            raise FileNotFoundError(path)
        return Usage(free * 2, free, free)

    monkeypatch.setattr(shutil, "disk_usage", usage)


def test_the_cluster_goes_to_memory_when_there_is_room(pgcluster, monkeypatch):
    _free(monkeypatch, pgcluster.MEMORY_FOLDER_FREE)
    monkeypatch.setattr(pgcluster.os, "access", lambda path, mode: True)
    assert pgcluster.parent_folder() == MEMORY


def test_without_room_or_without_dev_shm_it_goes_to_the_temporary_folder(pgcluster, monkeypatch):
    monkeypatch.setattr(pgcluster.os, "access", lambda path, mode: True)
    _free(monkeypatch, pgcluster.MEMORY_FOLDER_FREE - 1)
    assert pgcluster.parent_folder() is None
    _free(monkeypatch, None)
    assert pgcluster.parent_folder() is None


def test_pgcluster_dir_chooses_the_folder(pgcluster, monkeypatch, tmp_path):
    _free(monkeypatch, pgcluster.MEMORY_FOLDER_FREE)
    monkeypatch.setenv("PGCLUSTER_DIR", str(tmp_path))
    assert pgcluster.parent_folder() == str(tmp_path)
