"""A test module that works out a day when it is imported (`TODAY = timezone.localdate()` at
module level, or in a parameter list) holds the day pytest collected it on. A run that crosses
the site's midnight between collecting and running the module then tests yesterday's day
against today's rules: a date "in the future" is today, a five-year window has moved a day.
On 2026-12-07 a `.ci/run` started at 23:36 in Chicago failed five such tests after midnight
(docs/testing.md, "The clock"). The modules that still do it are listed here, to be moved to
dates worked out when the test runs; no new one may join them."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.database_free

TESTS = Path(__file__).resolve().parents[1]
CLOCK_CALLS = {"localdate", "now", "today", "localtime", "program_today"}
# Known on 2026-12-07: each works out a day at import. Remove a module once it no longer does.
KNOWN = {
    "courses/test_api.py",
    "courses/test_approval_reminders.py",
    "courses/test_approval_stops.py",
    "courses/test_catalogue.py",
    "courses/test_completions.py",
    "courses/test_consent.py",
    "courses/test_disk_full.py",
    "courses/test_done.py",
    "courses/test_import_bad_files.py",
    "courses/test_import_refusals.py",
    "courses/test_imports.py",
    "courses/test_programmes.py",
    "courses/test_report_one.py",
    "courses/test_report_repeats.py",
    "courses/test_set_credentials.py",
    "courses/test_views.py",
}


class _AtImport(ast.NodeVisitor):
    """Calls of the clock evaluated when the module is imported: not inside a function body or
    a lambda (a decorator's and a default's arguments are evaluated at import)."""

    def __init__(self) -> None:
        self.lines: list[int] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if part is not None:
                self.visit(part)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]  # noqa: N815

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return None

    def visit_Call(self, node: ast.Call) -> None:
        called = node.func
        name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
        if name in CLOCK_CALLS:
            self.lines.append(node.lineno)
        self.generic_visit(node)


def _dated_at_import() -> dict[str, list[int]]:
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        visitor = _AtImport()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        if visitor.lines:
            found[path.relative_to(TESTS).as_posix()] = visitor.lines
    return found


def test_no_new_test_module_works_out_a_day_when_it_is_imported():
    found = _dated_at_import()
    new = {name: lines for name, lines in found.items() if name not in KNOWN}
    assert not new, (
        f"These modules work out a day at import (lines {new}): work it out in the test or a "
        "fixture, so a run that crosses midnight tests one day (docs/testing.md, 'The clock')."
    )
    assert not KNOWN - set(found), f"No longer dated at import: {sorted(KNOWN - set(found))}"


def test_the_finder_sees_a_day_at_import_and_not_one_in_a_test():
    visitor = _AtImport()
    visitor.visit(
        ast.parse(
            "TODAY = timezone.localdate()\n"
            "CASES = {'future': {'on': date.today() + timedelta(days=1)}}\n"
            "@clock_at(timezone.now())\n"
            "def test_x(day=timezone.localdate()):\n"
            "    return timezone.now()\n"
            "LATER = lambda: timezone.now()\n"
        )
    )
    assert visitor.lines == [1, 2, 3, 4]
