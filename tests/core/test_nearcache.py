"""A process's copies of Redis entries (certify/core/nearcache.py), on a real Redis: served without
a round trip, never after Redis has told of a change, and never while nobody is listening."""

import os
import time

import pytest
import redis
from django.core.cache import cache

from certify.core import nearcache
from certify.core.nearcache import NearCache

PREFIX = "near-test:"


@pytest.fixture
def other(redis_url):
    """Another process's connection: what it writes, this process must hear of."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def near(redis_url, other):
    cache = NearCache(redis_url, PREFIX, max_entries=3)
    yield cache
    cache._reset()


def kept(near: NearCache, other, key: str, value: bytes) -> None:
    """`value` written to Redis and read back as the caller does, then copied."""
    other.set(key, value)
    near.get(key)  # reads (and drops) what the write itself announced
    epoch = near.epoch
    assert other.get(key) == value
    near.put(key, value, epoch=epoch, seconds=60)


def test_a_copy_is_served_until_redis_tells_of_a_change(near, other):
    kept(near, other, f"{PREFIX}a", b"valid")
    assert near.get(f"{PREFIX}a") == b"valid"
    assert near.get(f"{PREFIX}a") == b"valid"
    other.delete(f"{PREFIX}a")  # another process revokes: its `forget`
    assert near.get(f"{PREFIX}a") is None


@pytest.mark.parametrize("change", ["set", "expire", "flush"])
def test_every_kind_of_change_drops_the_copy(near, other, change):
    kept(near, other, f"{PREFIX}a", b"valid")
    kept(near, other, f"{PREFIX}b", b"other")
    if change == "set":
        other.set(f"{PREFIX}a", b"revoked")
    elif change == "expire":
        other.pexpire(f"{PREFIX}a", 1)
        for _ in range(200):  # Redis expires it within a tenth of a second or so
            if near.get(f"{PREFIX}a") is None:
                break
            os.sched_yield()
            other.exists(f"{PREFIX}a")  # a read expires an overdue key at once
    else:
        other.flushdb()
    assert near.get(f"{PREFIX}a") is None
    assert (near.get(f"{PREFIX}b") is None) == (change == "flush")


def test_keys_outside_the_prefix_are_not_heard(near, other):
    kept(near, other, f"{PREFIX}a", b"valid")
    epoch = near.epoch
    other.set("elsewhere", b"1")
    assert near.get(f"{PREFIX}a") == b"valid"
    assert near.epoch == epoch


def test_a_read_that_races_a_change_is_not_copied(near, other):
    other.set(f"{PREFIX}a", b"valid")
    near.get(f"{PREFIX}a")
    epoch = near.epoch
    value = other.get(f"{PREFIX}a")  # the old value read ...
    other.set(f"{PREFIX}a", b"revoked")  # ... then changed before it was copied
    near.put(f"{PREFIX}a", value, epoch=epoch, seconds=60)
    # the change's message is read before the next look-up, whichever came first
    assert near.get(f"{PREFIX}a") is None
    # and a copy offered with an era before a message is refused outright
    near.put(f"{PREFIX}a", value, epoch=epoch, seconds=60)
    assert near.get(f"{PREFIX}a") is None


def test_a_copy_lives_at_most_its_seconds_and_the_oldest_go_first(near, other, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(nearcache.time, "monotonic", lambda: now[0])
    near._reset()
    near._listener.tried = -100.0
    for key in "abcd":
        near.get(f"{PREFIX}{key}")
        near.put(f"{PREFIX}{key}", key.encode(), epoch=near.epoch, seconds=1)
    assert near.get(f"{PREFIX}a") is None  # three at most: the first one went
    assert near.get(f"{PREFIX}d") == b"d"
    now[0] += 1.5
    assert near.get(f"{PREFIX}d") is None


def test_a_lost_connection_drops_every_copy_and_a_new_one_listens_again(near, other, monkeypatch):
    kept(near, other, f"{PREFIX}a", b"valid")
    other.client_kill_filter(_type="pubsub")  # Redis restarted, a proxy closed it, ...
    assert near.get(f"{PREFIX}a") is None
    assert near._entries == {}
    monkeypatch.setattr(nearcache, "RETRY", 0.0)
    kept(near, other, f"{PREFIX}a", b"valid")
    assert near.get(f"{PREFIX}a") == b"valid"
    other.delete(f"{PREFIX}a")
    assert near.get(f"{PREFIX}a") is None


def test_a_silent_connection_is_not_trusted_for_long(near, other, monkeypatch):
    """A network cut says nothing: a PING after a quiet spell must be answered."""
    kept(near, other, f"{PREFIX}a", b"valid")
    now = [nearcache.time.monotonic()]
    monkeypatch.setattr(nearcache.time, "monotonic", lambda: now[0])
    now[0] += nearcache.PING_AFTER + 0.5
    assert near.get(f"{PREFIX}a") == b"valid"  # quiet, still trusted; a PING goes out
    assert near._listener.pinged
    for _ in range(500):  # the answer comes back within moments (up to 5 s on a busy machine)
        if not near._listener.pinged:
            break
        time.sleep(0.01)  # the real clock: only `monotonic` is pinned
        near.get(f"{PREFIX}a")
    assert not near._listener.pinged  # answered: alive
    # Now the cut: nothing comes back any more.
    monkeypatch.setattr(near._listener.conn, "can_read", lambda timeout=0: False)
    now[0] += nearcache.PING_AFTER + 0.5
    assert near.get(f"{PREFIX}a") == b"valid"  # a PING goes out, unanswered
    now[0] += nearcache.TRUST - nearcache.PING_AFTER
    assert near.get(f"{PREFIX}a") is None  # quiet too long: not served, Redis is read instead
    now[0] += nearcache.PING_AFTER + 0.5
    assert near.get(f"{PREFIX}a") is None
    assert near._listener.conn is None  # the PING went unanswered: closed
    assert near._entries == {}


def test_a_forked_process_does_not_read_its_parents_connection(near, other, monkeypatch):
    kept(near, other, f"{PREFIX}a", b"valid")
    parent = near._listener.conn
    monkeypatch.setattr(nearcache.os, "getpid", lambda: near._listener.pid + 1)
    monkeypatch.setattr(nearcache, "RETRY", 0.0)
    assert near.get(f"{PREFIX}a") is None  # its own connection, its own copies
    assert near._listener.conn is not parent
    assert parent.is_connected  # the parent's socket was left alone


def test_without_redis_nothing_is_copied(monkeypatch):
    near = NearCache("redis://127.0.0.1:1/0", PREFIX)
    assert near.get(f"{PREFIX}a") is None
    near.put(f"{PREFIX}a", b"valid", epoch=near.epoch, seconds=60)
    assert near.get(f"{PREFIX}a") is None


def test_several_keys_are_served_together_or_read_together(on_redis, other, monkeypatch):
    """`nearcache.get_many`: every key from the copies, or all of them from Redis (one round
    trip), copied for the next time; a change of any one by another connection is heard."""
    on_redis.set_many({"near-test:version": "v1", "near-test:page": ("v1", b"<p>one</p>")})
    reads: list[list[str]] = []
    real = type(on_redis).get_many

    def counted(self, keys, version=None):
        reads.append(list(keys))
        return real(self, keys, version)

    monkeypatch.setattr(type(on_redis), "get_many", counted)
    keys = ["near-test:version", "near-test:page"]
    for _ in range(3):
        found = nearcache.get_many(PREFIX, keys, seconds=60, max_entries=4)
        assert found == {"near-test:version": "v1", "near-test:page": ("v1", b"<p>one</p>")}
    assert reads == [keys]  # the first read Redis; the next two were the copies
    other.set(on_redis.make_key("near-test:version"), b"2")  # another process's change
    found = nearcache.get_many(PREFIX, keys, seconds=60, max_entries=4)
    assert found["near-test:version"] == 2  # read from Redis again, both keys
    assert reads == [keys, keys]
    assert nearcache.get_many(PREFIX, keys, seconds=60, max_entries=4) == found
    assert len(reads) == 2
    assert nearcache.get_many(PREFIX, ["near-test:none"], seconds=60, max_entries=4) == {}


def test_several_keys_without_redis_are_the_caches_own(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    nearcache.forget_all()
    cache.set("near-test:a", 1)
    found = nearcache.get_many(PREFIX, ["near-test:a", "near-test:b"], seconds=60, max_entries=4)
    assert found == {"near-test:a": 1}


def test_every_kind_of_copy_is_heard_on_one_connection(redis_url, other, monkeypatch):
    """One listening connection per process and Redis, whatever the number of prefixes copied:
    a change under one prefix drops that prefix's copy only."""
    monkeypatch.setattr(nearcache, "_listeners", {})
    first = NearCache(redis_url, "near-one:")
    second = NearCache(redis_url, "near-two:")
    try:
        kept(first, other, "near-one:a", b"1")
        kept(second, other, "near-two:a", b"2")
        assert (first.get("near-one:a"), second.get("near-two:a")) == (b"1", b"2")
        assert first._listener is second._listener
        listening = [c for c in other.client_list() if c.get("flags", "").count("P")]
        assert len(listening) == 1  # one subscriber for both kinds
        other.set("near-two:a", b"changed")
        assert second.get("near-two:a") is None
        assert first.get("near-one:a") == b"1"
        with pytest.raises(ValueError, match="overlaps"):
            NearCache(redis_url, "near-one:sub:")
    finally:
        first._reset()
