"""Copies of shared-cache entries kept in this process, dropped the moment Redis says they changed.

Reading a kept entry from Redis costs a served request a round trip: 0.15 to 0.25 ms of the app's
CPU on a busy machine (sending, waking, parsing, the cold caches in between), more than the rest
of the verification page's own work. A process may keep its own copy of such an entry as long as
it learns at once when the entry changes anywhere, which Redis tells: with key tracking in
broadcast mode (`CLIENT TRACKING ON BCAST PREFIX …`), every change of a key under the prefix
(written, deleted, expired, evicted, or the database flushed) is pushed to the listening
connection as it happens, in the same turn of Redis's loop as the reply to the change itself.

So each process opens one more connection to Redis, which only listens (RESP2: tracking
redirected to itself, subscribed to `__redis__:invalidate`). Before each look-up the process asks
the operating system whether that connection has anything to read (no round trip) and drops
what the messages name. A copy is served only while the connection is known to be alive:

- anything heard on it (a message, or the answer to a PING sent when it has been quiet for
  `PING_AFTER` seconds) proves it alive; after `TRUST` seconds without a word no copy is served
  (the caller reads Redis as before), and a PING unanswered for `TRUST` seconds closes the
  connection: one cut without a word (a network cut) leaves copies served at most `TRUST`
  seconds;
- an error on it drops every copy and the connection; the next look-up opens a new one (at most
  once every `RETRY` seconds), and copies are kept again once it listens;
- a copy also lives at most `seconds` (the entry's own lifetime in Redis), and at most
  `max_entries` are kept (the oldest go first).

A copy is taken only from what was read from (or written to) Redis after the last messages were
read, and only if no message arrived in between (`epoch`), so a change that races the read is
never lost: its message is still on the socket and drops the copy at the next look-up.
"""

import contextlib
import os
import threading
import time
from functools import lru_cache
from typing import Any

import redis
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

from certify.core.cache import RedisCache

CHANNEL = "__redis__:invalidate"
PING_AFTER = 2.0
TRUST = 5.0
RETRY = 5.0


class NearCache:
    """Copies of Redis entries whose keys start with `prefix` (the full Redis key, with the
    cache's own prefix and version), for one process."""

    def __init__(self, server: str, prefix: str, *, max_entries: int = 2048) -> None:
        self.server, self.prefix, self.max_entries = server, prefix, max_entries
        self.epoch = 0
        self._entries: dict[str, tuple[Any, float]] = {}
        self._lock = threading.Lock()
        self._conn: Any = None
        self._pid = 0
        self._heard = 0.0
        self._pinged = 0.0
        self._tried = -RETRY

    # --- the listening connection ------------------------------------------------------------

    def _reset(self) -> None:
        self._entries.clear()
        self.epoch += 1
        conn, self._conn = self._conn, None
        if conn is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):  # a broken socket may fail to close: gone anyway
                conn.disconnect()

    def _open(self, now: float) -> None:
        self._tried = now
        pool = redis.ConnectionPool.from_url(
            self.server, protocol=2, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        conn = pool.make_connection()
        try:
            conn.connect()
            conn.send_command("CLIENT", "ID")
            own_id = conn.read_response()
            conn.send_command(
                "CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", "PREFIX", self.prefix
            )
            if conn.read_response() not in (b"OK", "OK"):
                raise redis.RedisError("CLIENT TRACKING was refused")
            conn.send_command("SUBSCRIBE", CHANNEL)
            conn.read_response()
        except Exception:
            conn.disconnect()
            raise
        self._conn, self._pid, self._heard, self._pinged = conn, os.getpid(), now, 0.0
        self._entries.clear()
        self.epoch += 1

    def _read_messages(self) -> None:
        conn = self._conn
        while conn.can_read(timeout=0):
            message = conn.read_response()
            self._heard = time.monotonic()
            self._pinged = 0.0
            if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
                continue  # the answer to a PING: proof of life only
            self.epoch += 1
            keys = message[2]
            if keys is None:  # the database was flushed
                self._entries.clear()
                continue
            for key in keys:
                self._entries.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _listening(self, now: float) -> bool:
        """Read what Redis said; True when copies may be served (and kept)."""
        if self._conn is not None and self._pid != os.getpid():  # forked: not ours to read
            self._conn = None
            self._entries.clear()
        if self._conn is None:
            if now - self._tried < RETRY:
                return False
            try:
                self._open(now)
            except (redis.RedisError, OSError):
                self._reset()
                return False
        try:
            self._read_messages()
            if self._pinged and now - self._pinged > TRUST:  # no answer: a dead connection
                self._reset()
                return False
            quiet = now - self._heard
            if quiet > PING_AFTER and not self._pinged:
                self._conn.send_command("PING")
                self._pinged = now
            return quiet <= TRUST
        except (redis.RedisError, OSError):
            self._reset()
            return False

    # --- the copies ---------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        """This process's copy of `key`, or None (then read Redis, and `put` what it said)."""
        now = time.monotonic()
        with self._lock:
            if not self._listening(now):
                return None
            found = self._entries.get(key)
            if found is None:
                return None
            if found[1] < now:
                del self._entries[key]
                return None
            return found[0]

    def get_many(self, keys: list[str]) -> dict[str, Any] | None:
        """This process's copies of every one of `keys`, or None when any is missing (then read
        them all from Redis, and `put` what it said): the messages are read once."""
        now = time.monotonic()
        with self._lock:
            if not self._listening(now):
                return None
            found = {}
            for key in keys:
                held = self._entries.get(key)
                if held is None or held[1] < now:
                    return None
                found[key] = held[0]
            return found

    def put(self, key: str, value: Any, *, epoch: int, seconds: float) -> None:
        """Keep `value` for `key`, read from Redis after `get` returned `epoch`-era state; not kept
        when a message arrived since (it may name this key) or nobody listens."""
        with self._lock:
            if epoch != self.epoch or self._conn is None or self._pid != os.getpid():
                return
            if len(self._entries) >= self.max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (value, time.monotonic() + seconds)

    def drop(self, keys: list[str]) -> None:
        """Forget `keys` here now (this process changed them; Redis's message follows)."""
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)
            self.epoch += 1


@lru_cache(maxsize=8)
def _near_for(server: str, prefix: str, max_entries: int) -> NearCache:
    """One per process, Redis and prefix (Django's cache objects are per thread; copies are
    shared by the process's threads)."""
    return NearCache(server, prefix, max_entries=max_entries)


def for_default_cache(prefix: str, *, max_entries: int = 2048) -> NearCache | None:
    """This process's copies of the default cache's entries under `prefix` (as given to the
    cache, before its own prefix and version): only on Redis with one server (the one that is
    written, whose changes it hears); None otherwise (then read the cache as usual)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    servers: list[str] = getattr(backend, "_servers", [])  # its LOCATION, as a list
    if not isinstance(backend, RedisCache) or len(servers) != 1:
        return None
    return _near_for(servers[0], backend.make_key(prefix), max_entries)


def get_many(prefix: str, keys: list[str], *, seconds: float, max_entries: int) -> dict[str, Any]:
    """`cache.get_many(keys)` on the default cache (every key under `prefix`), answered from this
    process's copies when it holds them all; otherwise one round trip to the cache, whose
    answers are copied (each for at most `seconds`; at most `max_entries` copies under
    `prefix`). Without Redis, the cache's own `get_many`."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    near = for_default_cache(prefix, max_entries=max_entries)
    if near is None:
        return backend.get_many(keys)
    full = {backend.make_key(key): key for key in keys}
    held = near.get_many(list(full))
    if held is not None:
        return {full[key]: value for key, value in held.items()}
    epoch = near.epoch  # after the messages `get_many` read: a change from now on drops these
    found = backend.get_many(keys)
    for key, value in found.items():
        near.put(backend.make_key(key), value, epoch=epoch, seconds=seconds)
    return found


def forget_all() -> None:
    """Drop every process-wide copy holder (tests switching caches)."""
    _near_for.cache_clear()
