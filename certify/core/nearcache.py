"""Copies of shared-cache entries kept in this process, dropped the moment Redis says they changed.

Reading a kept entry from Redis costs a served request a round trip: 0.15 to 0.25 ms of the app's
CPU on a busy machine (sending, waking, parsing, the cold caches in between), more than the rest
of the verification page's own work. A process may keep its own copy of such an entry as long as
it learns at once when the entry changes anywhere, which Redis tells: with key tracking in
broadcast mode (`CLIENT TRACKING ON BCAST PREFIX …`), every change of a key under the prefix
(written, deleted, expired, evicted, or the database flushed) is pushed to the listening
connection as it happens, in the same turn of Redis's loop as the reply to the change itself.

So each process opens one more connection to Redis, which only listens (RESP2: tracking
redirected to itself, subscribed to `__redis__:invalidate`), one for every kind of copy whatever
its prefix (`_Listener`, ADR 0069). Before each look-up the process asks
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


class _Listener:
    """This process's one listening connection to one Redis server, for every prefix copied
    (each kind of copy a `NearCache`): tracking is asked for all their prefixes at once, and
    each message drops the keys it names from whichever copies hold them. One lock guards the
    connection and every copy (a message read for one kind may name keys of another)."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.caches: dict[str, NearCache] = {}
        self.epoch = 0
        self.conn: Any = None
        self.pid = 0
        self.heard = 0.0
        self.pinged = 0.0
        self.tried = -RETRY

    def add(self, near: "NearCache") -> None:
        """Listen for `near`'s prefix too: the connection is opened again, with every prefix, at
        the next look-up (Redis refuses overlapping prefixes on one connection: so do we)."""
        with self.lock:
            for prefix in self.caches:
                if prefix != near.prefix and (
                    prefix.startswith(near.prefix) or near.prefix.startswith(prefix)
                ):
                    raise ValueError(f"{near.prefix!r} overlaps {prefix!r}: copy one of them")
            replaced = self.caches.get(near.prefix)
            if replaced is not None:  # it is no longer listened for: it serves nothing more
                replaced._entries.clear()
            self.caches[near.prefix] = near
            self.reset()
            self.tried = -RETRY

    def reset(self) -> None:
        for near in self.caches.values():
            near._entries.clear()
        self.epoch += 1
        conn, self.conn = self.conn, None
        if conn is not None and self.pid == os.getpid():
            with contextlib.suppress(Exception):  # a broken socket may fail to close: gone anyway
                conn.disconnect()

    def open(self, now: float) -> None:
        self.tried = now
        pool = redis.ConnectionPool.from_url(
            self.server, protocol=2, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        conn = pool.make_connection()
        try:
            conn.connect()
            conn.send_command("CLIENT", "ID")
            own_id = conn.read_response()
            prefixes = [part for prefix in self.caches for part in ("PREFIX", prefix)]
            conn.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", *prefixes)
            if conn.read_response() not in (b"OK", "OK"):
                raise redis.RedisError("CLIENT TRACKING was refused")
            conn.send_command("SUBSCRIBE", CHANNEL)
            conn.read_response()
        except Exception:
            conn.disconnect()
            raise
        self.conn, self.pid, self.heard, self.pinged = conn, os.getpid(), now, 0.0
        for near in self.caches.values():
            near._entries.clear()
        self.epoch += 1

    def read_messages(self) -> None:
        conn = self.conn
        while conn.can_read(timeout=0):
            message = conn.read_response()
            self.heard = time.monotonic()
            self.pinged = 0.0
            if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
                continue  # the answer to a PING: proof of life only
            self.epoch += 1
            keys = message[2]
            if keys is None:  # the database was flushed
                for near in self.caches.values():
                    near._entries.clear()
                continue
            for key in keys:
                name = key.decode() if isinstance(key, bytes) else key
                for prefix, near in self.caches.items():
                    if name.startswith(prefix):
                        near._entries.pop(name, None)

    def listening(self, now: float) -> bool:
        """Read what Redis said; True when copies may be served (and kept)."""
        if self.conn is not None and self.pid != os.getpid():  # forked: not ours to read
            self.conn = None
            for near in self.caches.values():
                near._entries.clear()
        if self.conn is None:
            if now - self.tried < RETRY:
                return False
            try:
                self.open(now)
            except (redis.RedisError, OSError):
                self.reset()
                return False
        try:
            self.read_messages()
            if self.pinged and now - self.pinged > TRUST:  # no answer: a dead connection
                self.reset()
                return False
            quiet = now - self.heard
            if quiet > PING_AFTER and not self.pinged:
                self.conn.send_command("PING")
                self.pinged = now
            return quiet <= TRUST
        except (redis.RedisError, OSError):
            self.reset()
            return False


_listeners: dict[str, _Listener] = {}
_listeners_lock = threading.Lock()


def _listener_for(server: str) -> _Listener:
    with _listeners_lock:
        listener = _listeners.get(server)
        if listener is None:
            listener = _listeners[server] = _Listener(server)
        return listener


class NearCache:
    """Copies of Redis entries whose keys start with `prefix` (the full Redis key, with the
    cache's own prefix and version), for one process; heard through the process's one
    listening connection to `server` (`_Listener`)."""

    def __init__(self, server: str, prefix: str, *, max_entries: int = 2048) -> None:
        self.server, self.prefix, self.max_entries = server, prefix, max_entries
        self._entries: dict[str, tuple[Any, float]] = {}
        self._listener = _listener_for(server)
        self._listener.add(self)

    @property
    def epoch(self) -> int:
        """The era of what was heard: a copy read from Redis is kept only if no message arrived
        since the look-up that returned this (`put`)."""
        return self._listener.epoch

    def _reset(self) -> None:
        with self._listener.lock:
            self._listener.reset()

    def _serving(self, now: float) -> bool:
        """What Redis said is read; True when this holder's copies may be served (its prefix is
        listened for, by it, on a live connection). Under the listener's lock."""
        listener = self._listener
        return listener.listening(now) and listener.caches.get(self.prefix) is self

    # --- the copies ---------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        """This process's copy of `key`, or None (then read Redis, and `put` what it said)."""
        now = time.monotonic()
        with self._listener.lock:
            if not self._serving(now):
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
        with self._listener.lock:
            if not self._serving(now):
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
        listener = self._listener
        with listener.lock:
            if epoch != listener.epoch or listener.conn is None or listener.pid != os.getpid():
                return
            if listener.caches.get(self.prefix) is not self:
                return  # replaced by a newer holder of the same prefix: not listened for
            if len(self._entries) >= self.max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (value, time.monotonic() + seconds)

    def drop(self, keys: list[str]) -> None:
        """Forget `keys` here now (this process changed them; Redis's message follows)."""
        with self._listener.lock:
            for key in keys:
                self._entries.pop(key, None)
            self._listener.epoch += 1


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
    """Drop every process-wide copy holder and listening connection (tests switching caches)."""
    with _listeners_lock:
        listeners = list(_listeners.values())
        _listeners.clear()
    for listener in listeners:
        with listener.lock:
            listener.reset()
    _near_for.cache_clear()
