"""On Redis each app process keeps its own copy of the sessions it read (certify/core/sessions.py):
a signed-in request then reads no session from Redis, yet signing out, a changed session or an
expired one shows on the next request, here or in another process, because Redis tells every
process (certify/core/nearcache.py)."""

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.test import override_settings

from certify.core import nearcache
from certify.core.cache import RedisCache
from certify.core.sessions import SessionStore
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def near_sessions(on_redis):
    with override_settings(SESSION_ENGINE="certify.core.sessions"):
        yield


@pytest.fixture
def session_reads(monkeypatch):
    """Keys of sessions read from Redis."""
    reads: list[str] = []
    real = RedisCache.get

    def counted(self, key, default=None, version=None):
        if str(key).startswith(KEY_PREFIX):
            reads.append(key)
        return real(self, key, default, version)

    monkeypatch.setattr(RedisCache, "get", counted)
    return reads


@pytest.fixture
def signed_in(client, db):
    person = UserFactory()
    client.force_login(person)
    client.get("/account/")  # read from Redis (force_login wrote it there), and copied here
    return person


def test_a_signed_in_request_reads_no_session_from_redis(client, signed_in, session_reads):
    for _ in range(3):
        response = client.get("/account/")
        assert response.status_code == 200
        assert response.wsgi_request.user == signed_in
    assert session_reads == []


def test_signing_out_here_shows_at_once(client, signed_in):
    client.post("/accounts/logout/")
    assert client.get("/account/").status_code == 302  # to the sign-in page


def test_signing_out_in_another_process_shows_at_once(client, signed_in):
    """Another process deletes the session (its sign-out, or staff ending it): its database row
    and its Redis entry. This process's copy goes because Redis tells it."""
    key = client.cookies["sessionid"].value
    other = SessionStore(key)
    other.delete(key)
    assert client.get("/account/").status_code == 302  # a copy still served would say 200


def test_a_session_changed_elsewhere_is_read_again(client, signed_in):
    key = client.cookies["sessionid"].value
    other = SessionStore(key)
    other["chosen_program"] = "cpla"
    other.save()
    response = client.get("/account/")
    assert response.wsgi_request.session.get("chosen_program") == "cpla"


def test_each_request_gets_its_own_session_to_change(client, signed_in):
    """The copy is kept pickled: what one request changes and does not save (an error before
    the response) never reaches the next request."""
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    store["draft"] = "unsaved"  # changed in memory, never saved
    assert "draft" not in SessionStore(key).load()
    assert client.get("/account/").wsgi_request.session.get("draft") is None


def test_without_redis_it_is_djangos_cached_db(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    nearcache.forget_all()
    assert nearcache.for_default_cache(KEY_PREFIX) is None
    person = UserFactory()
    client.force_login(person)
    assert client.get("/account/").wsgi_request.user == person
    client.post("/accounts/logout/")
    assert client.get("/account/").status_code == 302
