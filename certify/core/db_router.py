"""Read-only reads to a PostgreSQL streaming replica, everything else to the primary.

A read goes to the replica only when all of these hold:

- a replica is configured (`DATABASE_REPLICA_URL` sets `settings.READ_REPLICA_ALIAS`);
- the code asked for it: it runs inside `read_only()` or is a selector decorated with
  `@read_only_selector` (pages that only read: verification, the catalogue, dashboards);
- the primary has no transaction open on this thread, so nothing this request wrote (and would
  expect to read back) can be missed because of replication lag.

Writes, migrations and every other read use the primary ("default"). A model instance read from
the replica is saved to the primary (`db_for_write` never returns the replica).

A replica that does not answer is skipped: before the first replica read of a request the
connection is checked (`CONN_HEALTH_CHECKS` on the replica alias, one `SELECT 1` per request on a
kept connection, or a new connection), and when that fails this process reads from the primary
for `REPLICA_RETRY_SECONDS` before it tries the replica again. `/health/ready/` then reports the
replica as "degraded" with status 200: the site still answers. Only a replica that fails in the
middle of a request fails that request.
See docs/decisions/0011-scaling.md.
"""

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.models import Model, QuerySet

logger = logging.getLogger(__name__)

_read_only: ContextVar[bool] = ContextVar("certify_read_only", default=False)
_on_primary: ContextVar[bool] = ContextVar("certify_on_primary", default=False)

# After the replica failed to answer, this process reads from the primary this long (seconds)
# before it tries the replica again; a replica that is down costs one failed connection attempt
# per process per period, not one per request.
REPLICA_RETRY_SECONDS = 5.0
_replica_down_until = 0.0


def replica_is_marked_down() -> bool:
    return time.monotonic() < _replica_down_until


def mark_replica_down(alias: str) -> None:
    """Read from the primary for the next REPLICA_RETRY_SECONDS (the connection is dropped)."""
    global _replica_down_until
    if not replica_is_marked_down():
        logger.warning(
            "The read replica does not answer: reads use the primary for %s s.",
            REPLICA_RETRY_SECONDS,
        )
    _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
    with suppress(Error):
        connections[alias].close()


def mark_replica_up() -> None:
    global _replica_down_until
    _replica_down_until = 0.0


def replica_answers(alias: str) -> bool:
    """Whether the replica's connection works (opened or health-checked once per request)."""
    if replica_is_marked_down():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except Error:
        mark_replica_down(alias)
        return False
    return True


def replica_alias() -> str | None:
    """The alias reads may use now, or None for the primary."""
    alias = getattr(settings, "READ_REPLICA_ALIAS", None)
    if not alias or not _read_only.get() or _on_primary.get():
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    if not replica_answers(alias):
        return None
    return alias


@contextmanager
def read_only() -> Iterator[None]:
    """Reads inside (including lazy querysets evaluated inside) may use the replica."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


@contextmanager
def on_primary() -> Iterator[None]:
    """Reads inside use the primary, even in a read-only selector (e.g. right after a change
    that a lagging replica may not have yet)."""
    token = _on_primary.set(True)
    try:
        yield
    finally:
        _on_primary.reset(token)


def read_only_selector[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """A selector whose reads may use the replica. A returned queryset is bound to the alias
    chosen at the call, so it reads from there wherever it is evaluated later."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with read_only():
            result = func(*args, **kwargs)
            alias = replica_alias()
        if alias is not None and isinstance(result, QuerySet):
            return result.using(alias)  # type: ignore[return-value]
        return result

    return wrapper


class ReadReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        alias = replica_alias()
        if alias is not None:
            return alias
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Related objects of an instance follow it (Django's own default).
            return instance._state.db
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
