"""Rate limits: public endpoints per client address, authenticated ones per account or key;
the verification operations also in the pages' verification allowances (`PageGroupThrottle`).

The counting is `certify/core/ratelimit.py`'s fixed-window counter, shared with the pages'
limiter; the client's address is `certify/core/clientip.py`'s (X-Forwarded-For only from
`TRUSTED_PROXIES`; django-ninja's own `get_ident` would key on the whole header, which a client
chooses). Both read their rate from settings on each request, so tests and deployments can
change it.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from certify.core import ratelimit
from certify.core.clientip import rate_limit_key


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))

    def get_ident(self, request: HttpRequest) -> str:
        return rate_limit_key(request)

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None:
            return True
        verdict = ratelimit.hit(key, getattr(settings, self.setting))
        self._retry_in = verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        """Seconds until the window ends (the Retry-After header)."""
        return getattr(self, "_retry_in", None)


class PublicRateThrottle(_SettingRateThrottle):
    """Per client address, at `settings.API_PUBLIC_RATE` (verification, catalogue, programs)."""

    scope = "public"
    setting = "API_PUBLIC_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PageGroupThrottle(BaseThrottle):
    """Counts in a page group's allowance (`settings.PAGE_RATES[group]`, e.g. "verification"),
    shared with the pages that do the same thing: the API's number look-up counts with the
    verification page and look-up form, its credential check with the check form (ADR 0030).
    Per account when signed in, else per client address, as the pages count."""

    def __init__(self, group: str) -> None:
        self.group = group

    def allow_request(self, request: HttpRequest) -> bool:
        verdict = ratelimit.group_limit(request, self.group)
        self._retry_in = verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        return getattr(self, "_retry_in", None)


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
