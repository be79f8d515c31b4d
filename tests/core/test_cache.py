"""The Redis cache backend keeps one client per connection pool (certify/core/cache.py)."""

from certify.core.cache import RedisCache


def test_the_same_client_serves_every_operation_and_nothing_connects_until_used():
    backend = RedisCache("redis://127.0.0.1:9/0", {"KEY_PREFIX": "certify"})
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b", write=True) is first
    assert first.connection_pool is backend._cache._get_connection_pool(True)


def test_settings_use_it_with_a_redis_url(monkeypatch):
    import importlib

    from certify.settings import base

    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CACHES["default"]["BACKEND"] == "certify.core.cache.RedisCache"
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/2"
        assert reloaded.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
        assert reloaded.VERIFICATION_CACHE_SECONDS == 600
    finally:
        monkeypatch.delenv("REDIS_URL")
        reloaded = importlib.reload(base)
    assert reloaded.SHARED_CACHE is False
    assert reloaded.VERIFICATION_CACHE_SECONDS == 0
