"""Rows built once per module and read by each of its tests, as Django's `TestCase.setUpTestData`.

`shared_in_module(build)` makes a module-scoped fixture: `build()` runs once, inside a transaction
that is rolled back after the module's last test; each test runs in its own savepoint inside it
(pytest-django's `db`), so what a test writes is undone and the next test sees the rows as `build`
left them. Each test gets its own deep copy of what `build` returned (Django's `TestData` does the
same), so changing an object in memory does not leak either.

Only for modules whose tests all use `db`: a `transactional_db` test empties tables, which inside
the open transaction would empty the shared rows (the fixture refuses such a module). What is not in
the database (the cache, files) is not rolled back, as between any two tests.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

NOT_ROLLED_BACK = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def _refuse_transactional(request: pytest.FixtureRequest) -> None:
    module = request.node.nodeid
    wrong = [
        item.nodeid
        for item in request.session.items
        if item.nodeid.startswith(f"{module}::")
        and (
            NOT_ROLLED_BACK & set(getattr(item, "fixturenames", ()))
            or any(
                mark.kwargs.get("transaction") or mark.kwargs.get("serialized_rollback")
                for mark in item.iter_markers("django_db")
            )
        )
    ]
    if wrong:
        raise pytest.UsageError(
            f"rows shared in {module} need every test there in a rolled-back transaction: {wrong}"
        )


def shared_in_module(build: Callable[..., Any], *, using: tuple[str, ...] = ()) -> Any:
    """A module-scoped fixture holding what `build()` made once; read it through `copy_of`.
    `using` names session-scoped fixtures whose values `build` takes, in that order."""

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker) -> Iterator[Any]:
        _refuse_transactional(request)
        given = [request.getfixturevalue(name) for name in using]
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build(*given)
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        try:
            yield built
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    return fixture


def copy_of(built: Any) -> Any:
    """This test's own copy of shared objects (model instances, tuples of them, …)."""
    return copy.deepcopy(built)
