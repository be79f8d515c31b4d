"""Every `make` target works from a fresh clone: its commands resolve, and each Python script it
runs imports its own modules the way the target runs it (`python bench/replica_demo.py` puts
bench/ first on sys.path, and nothing else of the project).

`make -n` prints a target's commands without running them; the test reads the scripts, shell
scripts and management commands out of that and checks each one. It runs no server.
"""

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = [
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
    pytest.mark.database_free,
]


def clean_env() -> dict[str, str]:
    """The environment of someone who just cloned: nothing on PYTHONPATH, no settings chosen."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    return env


def make(*args: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"make {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def targets() -> list[str]:
    listed = re.sub(r"\x1b\[[0-9;]*m", "", make("help"))
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


TARGETS = targets() if shutil.which("make") else []
PYTHON_SCRIPT = re.compile(r"(?:^|\s)(\S*/python[\d.]*|python[\d.]*)\s+(\S+\.py)(?=\s|$)", re.M)
MANAGE_COMMAND = re.compile(r"manage\.py\s+([a-z_]+)")
SHELL_SCRIPT = re.compile(r"(?:^|\s)(\S+\.sh)(?=\s|$)", re.M)
VENV_TOOL = re.compile(r"(?:^|\s)(\.venv/bin/[\w.-]+)")


def commands(target: str) -> str:
    # Continuation lines joined: a recipe line may span several.
    return make("-n", target).replace("\\\n", " ")


def import_like_the_target(script: Path) -> subprocess.CompletedProcess:
    """Import `script` as `python script` would run it (its folder first on sys.path, the
    current directory the project's root), without running its main()."""
    code = f"import sys; sys.path[0] = {str(script.parent)!r}; import {script.stem}"
    return subprocess.run(
        [str(VENV_PYTHON), "-c", code],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@functools.cache
def management_commands() -> dict[str, str]:
    """Every management command `manage.py` knows, each loaded the way the targets run them (the
    project's root first on sys.path, the local settings unless chosen): its name and what
    loading it raised ("" when it loaded). One Django start-up answers every target's commands
    (it was one per target, about 1.5 s each)."""
    code = (
        f"import sys; sys.path[0] = {str(ROOT)!r}; import json, os, traceback; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'certify.settings.local'); "
        "import django; django.setup(); "
        "from django.core.management import get_commands, load_command_class; "
        "found = get_commands(); loaded = {}\n"
        "for name, app in found.items():\n"
        "    try: load_command_class(app, name); loaded[name] = ''\n"
        "    except Exception: loaded[name] = traceback.format_exc()[-2000:]\n"
        "print(json.dumps(loaded))"
    )
    result = subprocess.run(
        [str(VENV_PYTHON), "-c", code],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py's commands do not load:\n{result.stderr[-2000:]}"
    return json.loads(result.stdout.splitlines()[-1])


def test_make_help_lists_the_targets():
    assert {"install", "run", "test", "bench", "bench-replica"} <= set(TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_each_target_resolves_and_its_scripts_import(target):
    text = commands(target)
    problems = []
    for script in sorted({match[1] for match in PYTHON_SCRIPT.findall(text)}):
        path = ROOT / script
        if not path.is_file():
            problems.append(f"{script}: no such file")
            continue
        result = import_like_the_target(path)
        if result.returncode != 0:
            problems.append(f"{script} does not import:\n{result.stderr[-2000:]}")
    for script in sorted(set(SHELL_SCRIPT.findall(text))):
        path = ROOT / script
        if not (path.is_file() and os.access(path, os.X_OK)):
            problems.append(f"{script}: missing or not executable")
        elif subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode != 0:
            problems.append(f"{script}: bash cannot parse it")
    for tool in sorted(set(VENV_TOOL.findall(text))):
        if not (ROOT / tool).exists():
            problems.append(f"{tool}: not installed by `make install`")
    names = sorted(set(MANAGE_COMMAND.findall(text)))
    if names:
        loaded = management_commands()
        for name in names:
            if name not in loaded:
                problems.append(f"manage.py {name}: unknown command")
            elif loaded[name]:
                problems.append(f"manage.py {name} does not load:\n{loaded[name]}")
    assert not problems, f"make {target}:\n" + "\n".join(problems)


def test_the_check_finds_a_script_that_cannot_import_its_neighbours(tmp_path):
    """The import check is the one that failed for bench/replica_demo.py: a module beside the
    script imports; one only another folder holds does not."""
    (tmp_path / "helper.py").write_text("VALUE = 1\n")
    good = tmp_path / "good.py"
    good.write_text("import helper\n")
    bad = tmp_path / "bad.py"
    bad.write_text("import pgcluster\n")  # lives in tools/, not beside the script
    assert import_like_the_target(good).returncode == 0
    result = import_like_the_target(bad)
    assert result.returncode != 0
    assert "No module named 'pgcluster'" in result.stderr
