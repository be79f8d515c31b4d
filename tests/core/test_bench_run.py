"""`make bench`'s verdict on the machine: quiet when nothing else ran before it and the anchor,
served again after the pages, held steady (the load average after the run counts the bench's
own work, so it cannot judge)."""

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
pytestmark = pytest.mark.database_free


@pytest.fixture(scope="module")
def run():
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("run")
    finally:
        sys.path.remove(str(BENCH))


def _result(quiet: bool, anchor_again: float) -> dict:
    anchor = {"page": "anchor (Django hello world)", "target": None, "rps": 4000.0,
              "p50_ms": 3.6, "p99_ms": 11.0, "ratio": 1.0, "holds": None}  # fmt: skip
    return {
        "when": "2026-12-04T20:00:00+00:00", "candidates": 100000, "machine": "2 cores",
        "load_before": "0.4 0.5 0.6", "load_after": "2.2 1.0 0.8", "quiet": quiet,
        "anchor_again": anchor_again, "workers": 4, "connections": 16, "threads": 2,
        "duration": 15, "generation": {}, "pages": [anchor], "jobs": [], "only": [],
    }  # fmt: skip


def test_the_table_names_both_anchors_and_says_when_the_machine_was_not_quiet(run):
    steady = run.markdown(_result(True, 3950.0))
    assert "anchor at the start 4,000 req/s, at the end 3,950 req/s" in steady
    assert "Not a quiet machine" not in steady
    moved = run.markdown(_result(False, 3000.0))
    assert "**Not a quiet machine** (1-minute load average above 1 before the run, or the " in moved
    assert "moved more than 10%" in moved
