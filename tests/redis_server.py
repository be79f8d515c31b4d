"""A throwaway redis-server on loopback for tests that need a real Redis (import the fixtures).

Needs Debian's redis-server (installed by `make system-packages`); tests using it are skipped
with the reason when it is missing.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from certify.core import nearcache, ratelimit
from certify.core.cache import RedisCache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def on_redis(redis_url):
    """The default cache on that Redis, emptied before and after."""
    settings = {
        "default": {
            "BACKEND": "certify.core.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test",
        }
    }
    with override_settings(CACHES=settings):
        caches["default"].clear()
        ratelimit.forget_leases()
        nearcache.forget_all()  # no process copies from another test's Redis
        yield caches["default"]
        caches["default"].clear()
        ratelimit.forget_leases()
        nearcache.forget_all()


def redis_reads(monkeypatch, prefix: str) -> list[str]:
    """The keys under `prefix` read from Redis with `get_many` from now on (the list grows).

    The tests that count reads are about the copies, not the listener's clock: a copy is served
    only while the listening connection spoke within `nearcache.TRUST` seconds, and a busy
    machine once stalled a test process longer than that between two requests in a full run
    (the copy then rightly read Redis again). So the clock's bounds are widened while reads are
    counted; `tests/core/test_nearcache.py` tests them with a clock of its own."""
    monkeypatch.setattr(nearcache, "PING_AFTER", 600.0)
    monkeypatch.setattr(nearcache, "TRUST", 1200.0)
    found: list[str] = []
    real = RedisCache.get_many

    def counted(self, keys, version=None):
        found.extend(k for k in keys if str(k).startswith(prefix))
        return real(self, keys, version)

    monkeypatch.setattr(RedisCache, "get_many", counted)
    return found
