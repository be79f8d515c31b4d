"""Rate limits: public endpoints per client address, authenticated ones per account or key.

A fixed-window counter in the cache: one number per client and window, raised with `incr` (on
Redis in one round trip).
django-ninja's own `SimpleRateThrottle` keeps the time of every request of the last window in
one cache entry and rewrites all of it on each request, so its cost grows with the rate allowed
(600 a minute means a list of 600 floats read, unpickled, pickled and written per request). A
counter costs the same at any rate; the price is that a client may spend one window's allowance
at the end of a window and the next at the start of the next one (at most twice the rate over a
window's length), which is fine for a limit that guards against abuse, not for billing.

Both read their rate from settings on each request, so tests and deployments can change it.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from certify.core.cache import UNREACHABLE

logger = logging.getLogger(__name__)


def _count(key: str, timeout: int) -> int:
    """Add one to the window's counter and return it (kept `timeout` seconds)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip: INCR creates the counter at 1; EXPIRE NX sets its lifetime only then.
        # (Django's `incr` first asks whether the key exists: two or three round trips.)
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, timeout, nx=True)
        try:
            count, _ = pipe.execute()
        except UNREACHABLE as error:  # no counter to ask: let the request through (logged)
            logger.warning("rate limit not counted: Redis unreachable (%s)", error)
            return 0
        return int(count)
    try:
        return cache.incr(key)
    except ValueError:  # the first request of this window (or the entry just expired);
        # when `add` loses, another request created it meanwhile: count on from there.
        return 1 if cache.add(key, 1, timeout) else cache.incr(key)


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        limit, duration = self.parse_rate(getattr(settings, self.setting))
        key = self.get_cache_key(request)
        if key is None or limit is None or duration is None:
            return True
        now = time.time()
        window = int(now // duration)
        self._retry_in = (window + 1) * duration - now
        return _count(f"{key}:{duration}:{window}", duration + 1) <= limit

    def wait(self) -> float | None:
        """Seconds until the window ends (the Retry-After header)."""
        return getattr(self, "_retry_in", None)


class PublicRateThrottle(_SettingRateThrottle):
    """Per client address, at `settings.API_PUBLIC_RATE` (verification, catalogue, programs)."""

    scope = "public"
    setting = "API_PUBLIC_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_SettingRateThrottle):
    """Per account (personal token or session) or provider API key, at `settings.API_TOKEN_RATE`.

    The default for every operation that needs authentication (set on the API); it runs after
    authentication, so `request.auth` says who is asking.
    """

    scope = "token"
    setting = "API_TOKEN_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        pk = getattr(auth, "pk", None)
        ident = f"{type(auth).__name__}-{pk}" if pk is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
