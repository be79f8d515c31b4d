"""Small modules: a module under certify/ that passes 500 lines becomes a
package of smaller ones, named by concern, its public names re-exported from its `__init__.py`.
Migrations are generated and do not count. A module under tests/ keeps under 500 lines too (split
by subject, what its parts share in a helper module beside them); the few that were longer when
the rule came are listed, and leave the list when they are split."""

from pathlib import Path

import pytest

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


ROOT = Path(__file__).resolve().parent.parent.parent
CERTIFY = ROOT / "certify"
TESTS = ROOT / "tests"
MAX_LINES = 500
# A module that truly cannot be split, with the reason. Empty today: keep it that way.
ALLOWED: dict[str, str] = {}
# Test modules over the limit when it came to tests/: split one when you next work in it, then
# drop its line (a test below fails while a listed module is no longer long).
TESTS_NOT_SPLIT_YET = frozenset(
    {
        "tests/security/matrix.py",
    }
)


def oversized(root: Path) -> dict[str, int]:
    sizes = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            sizes[path.relative_to(root.parent).as_posix()] = lines
    return sizes


def test_no_module_under_certify_passes_500_lines():
    too_long = {path: n for path, n in oversized(CERTIFY).items() if path not in ALLOWED}
    assert too_long == {}, f"split these into packages of smaller modules: {too_long}"


def test_every_allowed_module_is_still_long_and_says_why():
    sizes = oversized(CERTIFY)
    for path, reason in ALLOWED.items():
        assert reason.strip(), path
        assert path in sizes, f"{path} is no longer over {MAX_LINES} lines: drop it from ALLOWED"


def test_no_module_under_tests_passes_500_lines():
    too_long = {path: n for path, n in oversized(TESTS).items() if path not in TESTS_NOT_SPLIT_YET}
    assert too_long == {}, f"split these by subject into smaller modules: {too_long}"


def test_every_test_module_not_split_yet_is_still_long():
    split = TESTS_NOT_SPLIT_YET - set(oversized(TESTS))
    assert not split, f"no longer over {MAX_LINES} lines: drop from TESTS_NOT_SPLIT_YET: {split}"


def test_a_501_line_module_is_found_and_migrations_are_not(tmp_path):
    app = tmp_path / "certify" / "things"
    (app / "migrations").mkdir(parents=True)
    (app / "long.py").write_text("x = 1\n" * 501)
    (app / "fine.py").write_text("x = 1\n" * 500)
    (app / "migrations" / "0001_initial.py").write_text("x = 1\n" * 900)
    assert oversized(tmp_path / "certify") == {"certify/things/long.py": 501}
