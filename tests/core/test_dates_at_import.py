"""A test module that works out a day when it is imported (`TODAY = timezone.localdate()` at
module level, or in a parameter list) holds the day pytest collected it on. A run that crosses
the site's midnight between collecting and running the module then tests yesterday's day
against today's rules: a date "in the future" is today, a five-year window has moved a day.
On 2026-12-07 a `.ci/run` started at 23:36 in Chicago failed five such tests after midnight
(docs/testing.md, "The clock"). Every module now works out its days when the test runs (a
parameter names a day with `tests.days`); none may go back to doing it at import."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.days import TOMORROW, YESTERDAY, InDays, dated

pytestmark = pytest.mark.database_free

TESTS = Path(__file__).resolve().parents[1]
CLOCK_CALLS = {"localdate", "now", "today", "localtime", "program_today"}
# Modules allowed to work out a day at import: none since 2026-12-07 (36 were converted then).
KNOWN: set[str] = set()


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


def test_a_named_day_is_worked_out_when_the_test_asks():
    today = timezone.localdate()
    named = {"on": TOMORROW, "rows": [(YESTERDAY, "x")], "kept": "2001-01-01", "n": 3}
    assert dated(named) == {
        "on": today + timedelta(days=1),
        "rows": [(today - timedelta(days=1), "x")],
        "kept": "2001-01-01",
        "n": 3,
    }
    assert dated(named, iso=True)["on"] == (today + timedelta(days=1)).isoformat()
    assert dated(InDays(-364), iso=True) == (today - timedelta(days=364)).isoformat()
    assert named["on"] is TOMORROW  # the parameter is left as it was, for the next test
