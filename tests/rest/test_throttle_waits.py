"""Each request's Retry-After is its own: a throttle is one object shared by every request (and
every thread), so the wait it reports must not be kept on it (ADR 0030)."""

import threading

import pytest
from django.test import RequestFactory

from certify.core import ratelimit
from certify.rest import throttling

pytestmark = pytest.mark.database_free


def _refused(seconds: str) -> ratelimit.Verdict:
    return ratelimit.Verdict(allowed=False, retry_after=float(seconds))


def _refused_by_key(key: str, rate: str) -> ratelimit.Verdict:
    """Refused, with what the client's own window has left: the seconds are the last part of
    its address (192.0.2.45 waits 45 s), which the counter's key names."""
    return _refused(key.rsplit(".", 1)[1])


def _interleaved(throttle) -> dict[str, float | None]:
    """Request A is counted, then request B (in another thread), then A asks its wait, as
    django-ninja does (`allow_request`, then `wait()`), and B after it."""
    factory = RequestFactory()
    counted_a, counted_b = threading.Event(), threading.Event()
    waits: dict[str, float | None] = {}

    def run(name: str, seconds: str, after: threading.Event | None, done: threading.Event):
        request = factory.get("/api/v1/programs", REMOTE_ADDR=f"192.0.2.{seconds}")
        request.auth = None  # type: ignore[attr-defined]
        if after is not None:
            after.wait(5)
        assert not throttle.allow_request(request)
        done.set()
        if name == "a":
            counted_b.wait(5)  # B was counted meanwhile
        waits[name] = throttle.wait()

    a = threading.Thread(target=run, args=("a", "45", None, counted_a))
    b = threading.Thread(target=run, args=("b", "3", counted_a, counted_b))
    a.start()
    b.start()
    a.join(10)
    b.join(10)
    return waits


@pytest.mark.parametrize("make", [throttling.PublicRateThrottle, throttling.TokenRateThrottle])
def test_two_requests_counted_at_once_each_get_their_own_wait(monkeypatch, make):
    monkeypatch.setattr(ratelimit, "hit", _refused_by_key)
    assert _interleaved(make()) == {"a": 45.0, "b": 3.0}


def test_the_page_group_throttle_reports_each_request_its_own_wait(monkeypatch):
    monkeypatch.setattr(
        ratelimit,
        "group_limit",
        lambda request, group: _refused(request.META["REMOTE_ADDR"].rsplit(".", 1)[1]),
    )
    assert _interleaved(throttling.PageGroupThrottle("verification")) == {"a": 45.0, "b": 3.0}
