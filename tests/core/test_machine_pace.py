"""`make test` prints the machine's pace (tools/pace.py) before its lanes start and beside its
last line, so that two days' runs compare as ratios (docs/testing.md, "Figures")."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools import pace, test_all

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(
    r"^machine pace: \d+\.\d\d s \(best of 1 round; load average [\d.]+, [\d.]+, [\d.]+\)$"
)

pytestmark = pytest.mark.database_free


def test_the_pace_is_a_django_workload_timed_in_its_own_process():
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pace.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert LINE.match(done.stdout.strip()), done.stdout


def test_make_test_prints_the_pace_and_goes_on_when_it_cannot_be_measured(monkeypatch):
    def broken(*args, **kwargs):
        raise subprocess.CalledProcessError(1, args[0])

    monkeypatch.setattr(test_all.subprocess, "run", broken)
    assert test_all.machine_pace() == "machine pace: not measured (CalledProcessError)"


def test_the_pace_line_names_its_rounds():
    assert pace.words(1.2345, 3).startswith("machine pace: 1.23 s (best of 3 rounds; load average ")
