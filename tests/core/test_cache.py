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
        assert reloaded.SESSION_ENGINE == "certify.core.sessions"
        assert reloaded.VERIFICATION_CACHE_SECONDS == 600
    finally:
        monkeypatch.delenv("REDIS_URL")
        reloaded = importlib.reload(base)
    assert reloaded.SHARED_CACHE is False
    assert reloaded.VERIFICATION_CACHE_SECONDS == 0


def test_an_unreachable_redis_is_a_miss_not_an_error(caplog):
    backend = RedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    assert backend.get("k", "default") == "default"
    assert backend.get_many(["a", "b"]) == {}
    assert backend.has_key("k") is False
    backend.set("k", 1)
    assert backend.add("k", 1) is True  # "go ahead": a lock nobody else can hold
    assert backend.delete("k") is False
    backend.delete_many(["a"])
    assert "Redis unreachable" in caplog.text


def test_the_site_keeps_answering_without_its_redis(db, client, settings):
    from certify.accounts.models import Role
    from tests.factories import UserFactory

    settings.CACHES = {
        "default": {
            "BACKEND": "certify.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "certify.core.sessions"
    settings.VERIFICATION_CACHE_SECONDS = 600
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(person)  # the session is written through to the database
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/programs").status_code == 200  # the rate limit lets it through


def test_signing_in_works_without_its_redis(db, client, settings):
    """allauth's rate limiter takes a lock with `cache.add`; when that said False with Redis
    down, every sign-in waited a second and was refused with a 429 (`make drills`)."""
    from tests.factories import PASSWORD, UserFactory

    settings.CACHES = {
        "default": {
            "BACKEND": "certify.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "certify.core.sessions"
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    person = UserFactory()
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
