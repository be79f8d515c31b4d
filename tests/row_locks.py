"""A row lock takes the rows it decides about, not the rows read or joined with it (PostgreSQL).

`SELECT … FOR UPDATE` over a join locks every joined row unless it names its own (`OF`). A
locked program, competency set, organization or person row then stops every other transaction
that writes a row pointing at it (PostgreSQL's foreign-key check takes `FOR KEY SHARE`, which
waits for `FOR UPDATE`) until the lock ends. Joins come from `select_related`, from a filter
across a relation and from a model's default ordering by a related field, so two checks:

- `unnamed_joined_locks` reads the code: `select_for_update()` in a chain with
  `select_related` must pass `of=` (`tests/core/test_row_locks.py`);
- `JoinedLockGuard` watches every statement of the PostgreSQL suite: a `FOR UPDATE` over a join
  without `OF` fails the test that sent it, whatever made the join (`tests/conftest.py`).
"""

import ast
from typing import Any

JOINED_LOCK_FAILURE = (
    "a SELECT … FOR UPDATE over a join locks the joined rows too; name the rows to lock "
    "(select_for_update(of=('self', …)) or core.locking.row_lock): {sql}"
)


def _chain(node: ast.AST) -> list[ast.Call]:
    """The method calls of a chain, outermost first: `a.b().c()` gives c(), b()."""
    calls = []
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            calls.append(node)
            node = node.func.value
        elif isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        else:
            return calls


def _method(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def unnamed_joined_locks(source: str) -> list[int]:
    """Lines where `select_for_update()` without `of=` shares a chain with `select_related`."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        calls = _chain(node)
        if {"select_for_update", "select_related"} <= {_method(call) for call in calls}:
            lines.update(
                call.lineno
                for call in calls
                if _method(call) == "select_for_update"
                and not any(keyword.arg == "of" for keyword in call.keywords)
            )
    return sorted(lines)


def is_joined_lock(sql: str) -> bool:
    return "FOR UPDATE" in sql and " JOIN " in sql and "FOR UPDATE OF" not in sql


class JoinedLockGuard:
    """An execute wrapper that notes each `FOR UPDATE` over a join without `OF`; `take()` gives
    what it noted since the last call (the test's teardown fails on it: noted, not raised, so
    that code catching database errors cannot hide it)."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def __call__(self, execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
        if isinstance(sql, str) and is_joined_lock(sql):
            self.found.append(" ".join(sql.split())[:300])
        return execute(sql, params, many, context)

    def take(self) -> list[str]:
        found, self.found = self.found, []
        return found
