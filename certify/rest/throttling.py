"""Rate limits: public endpoints per client address, authenticated ones per account or key.

A fixed-window counter in the cache: one number per client and window, raised with `incr`.
django-ninja's own `SimpleRateThrottle` keeps the time of every request of the last window in
one cache entry and rewrites all of it on each request, so its cost grows with the rate allowed
(600 a minute means a list of 600 floats read, unpickled, pickled and written per request). A
counter costs the same at any rate; the price is that a client may spend one window's allowance
at the end of a window and the next at the start of the next one (at most twice the rate over a
window's length), which is fine for a limit that guards against abuse, not for billing.

Both read their rate from settings on each request, so tests and deployments can change it.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


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
        key = f"{key}:{duration}:{window}"
        try:
            count = cache.incr(key)
        except ValueError:  # the first request of this window (or the entry just expired);
            # when `add` loses, another request created it meanwhile: count on from there.
            count = 1 if cache.add(key, 1, duration + 1) else cache.incr(key)
        return count <= limit

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
