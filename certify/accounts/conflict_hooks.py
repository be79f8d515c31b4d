"""What other apps do at once when someone declares a conflict of interest (ADR 0022).

A reviewer who declares a conflict with the candidate of a review she has open gives it back in
the same transaction: the review is not left in her queue to go overdue, nor open to her drafts
and the candidate's evidence. Accounts knows no app above it, so apps register here what a new
declaration changes for them, and `conflict_declare` runs each inside its transaction.
"""

from collections.abc import Callable
from typing import Any

ConflictDeclared = Callable[[Any], None]
_HOOKS: list[ConflictDeclared] = []


def on_conflict_declared(func: ConflictDeclared) -> ConflictDeclared:
    """Register `func(declaration)`, run inside the transaction that records the declaration."""
    if func not in _HOOKS:
        _HOOKS.append(func)
    return func


def conflict_declared_run(declaration: Any) -> None:
    for hook in _HOOKS:
        hook(declaration)
