"""On Redis, each app process keeps its own copy of the kept verification page and answer
(certify/core/nearcache.py): served without a round trip, yet a change shows at once, in this
process and in every other one, because Redis tells each of them (certify/certificates/
verification.py)."""

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from certify.certificates import services, verification
from certify.certificates.models import Certificate
from certify.core.cache import RedisCache
from tests.conftest import count_queries


@pytest.fixture(autouse=True)
def kept(on_redis):
    # (not the `settings` fixture: undone after `on_redis`, it would put back its CACHES)
    with override_settings(VERIFICATION_CACHE_SECONDS=300):
        yield


@pytest.fixture
def redis_reads(monkeypatch):
    reads: list[object] = []
    real = RedisCache.get_many

    def counted(self, keys, version=None):
        reads.append(keys)
        return real(self, keys, version)

    monkeypatch.setattr(RedisCache, "get_many", counted)
    return reads


def urls(number: str) -> list[str]:
    return [f"/verify/{number}/", f"/api/v1/certificates/{number}"]


def test_a_kept_answer_is_served_here_without_asking_redis(client, certificate, redis_reads):
    for url in urls(certificate.number):
        first = client.get(url)  # built and kept in Redis
        client.get(url)  # read back from Redis, and copied here
        reads = len(redis_reads)
        again = [client.get(url) for _ in range(3)]
        assert len(redis_reads) == reads  # no round trip for the kept answer
        assert {response.status_code for response in again} == {200}
        assert all(response.content == first.content for response in again)
        assert count_queries(lambda url=url: client.get(url)) == 0


def test_a_change_made_here_shows_at_once(
    client, certificate, staff_user, django_capture_on_commit_callbacks
):
    for url in urls(certificate.number) * 2:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_act(
            certificate=certificate, actor=staff_user, action="revoke", reason="Checked by staff."
        )
    page, answer = (client.get(url) for url in urls(certificate.number))
    assert "Revoked." in page.text
    assert answer.json()["status"] == "revoked"


def test_a_change_made_by_another_process_shows_at_once(client, certificate, redis_url):
    """Another app process revokes: its database write, then its `forget` in Redis. This
    process's copies are dropped by what Redis tells it, not by anything it did itself."""
    for url in urls(certificate.number) * 3:
        client.get(url)
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    other = redis.Redis.from_url(redis_url)
    keys = [cache.make_key(verification._key(kind, certificate.number)) for kind in ("page", "api")]
    assert other.delete(*keys) == 2
    other.close()
    page, answer = (client.get(url) for url in urls(certificate.number))
    assert "Revoked." in page.text
    assert answer.json()["status"] == "revoked"
