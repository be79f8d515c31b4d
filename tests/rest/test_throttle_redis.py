"""The rate limit's one-round-trip counter on a real Redis (certify/core/ratelimit.py).

Needs Debian's redis-server (installed by `make system-packages`); skipped with the reason when
it is missing.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from certify.core import ratelimit

pytestmark = pytest.mark.django_db


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
    settings = {
        "default": {
            "BACKEND": "certify.core.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test",
        }
    }
    with override_settings(CACHES=settings):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_the_counter_counts_in_one_round_trip_and_expires_with_its_window(on_redis):
    assert [ratelimit.count("w:1", 61) for _ in range(3)] == [1, 2, 3]
    assert on_redis.get("w:1") == 3  # an ordinary cache entry: Django reads it back
    client = on_redis._cache.get_client()
    full_key = on_redis.make_and_validate_key("w:1")
    assert 59 <= client.ttl(full_key) <= 61  # set when created, not pushed on by each request
    ratelimit.count("w:1", 61)
    assert client.ttl(full_key) <= 61


@override_settings(API_PUBLIC_RATE="2/m")
def test_the_public_limit_holds_on_redis(client, lsscp, on_redis):
    assert [client.get("/api/v1/programs").status_code for _ in range(3)] == [200, 200, 429]
