"""Django's PostgreSQL backend, checking a kept connection without a round trip, and with a
cursor for the few statements every request runs, prepared once per connection.

With `CONN_HEALTH_CHECKS` Django checks a kept connection before each request's first query by
sending `SELECT 1` and waiting for the answer: one more round trip to the database on every
request that uses it, costing the server and the app about as much as a small query.

A kept connection between requests is idle: the server has nothing to say on it. When the server
goes away (restarted, the backend terminated, the connection dropped by a proxy) it says so on the
socket before closing it (an error message, then the end of the stream), so the socket turns
readable. Here the check asks the operating system whether the socket has anything to read
(no data sent, no wait) and only then runs Django's `SELECT 1`, which fails and makes Django open
a new connection. A connection lost without a word (a network cut, no FIN) is found by neither
check in time: Django's `SELECT 1` would wait for the network timeout too; the request's own
query fails instead (a 503 for that request) and the next request opens a new connection.
"""

import select
from typing import Any

from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg import pq
from psycopg.pq import Format


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        pgconn = self.connection.pgconn
        if pgconn.status != pq.ConnStatus.OK or self.connection.closed:
            return False
        try:
            readable, _, _ = select.select([pgconn.socket], [], [], 0)
        except (OSError, ValueError):  # the socket is already closed
            return False
        if not readable:
            return True  # nothing from the server since the last answer: still there
        return super().is_usable()

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        # Django turns psycopg's prepared statements off unless OPTIONS name a threshold. Its
        # ordinary cursors bind parameters in the client and are never prepared whatever this
        # says; only `prepared_cursor`'s statements are, after their fifth run on a connection.
        if "prepare_threshold" not in self.settings_dict["OPTIONS"]:
            params["prepare_threshold"] = 5
        return params

    def prepared_cursor(self) -> Any:
        """A cursor binding parameters on the server, so psycopg prepares a statement it runs
        often (a prepared statement is planned once, not on every run). For a statement every
        request runs with a different parameter (the signed-in person's row): planning it was
        several times its execution. Wrapped like Django's own cursors (errors, query logging)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = ServerBindingCursor(self.connection)  # type: ignore[call-arg]
            tzloader = self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != tzloader.timezone:
                register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)  # type: ignore[attr-defined]
