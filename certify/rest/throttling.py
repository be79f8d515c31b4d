"""Rate limits: public endpoints per client address, authenticated ones per account or key;
the verification operations also in the pages' verification allowances (`PageGroupThrottle`).

The counting is `certify/core/ratelimit.py`'s fixed-window counter, shared with the pages'
limiter; the client's address is `certify/core/clientip.py`'s (X-Forwarded-For only from
`TRUSTED_PROXIES`; django-ninja's own `get_ident` would key on the whole header, which a client
chooses). Both read their rate from settings on each request, so tests and deployments can
change it.

A throttle is one object for every request (django-ninja makes it once, with the API), and asks
`wait()` with no request right after `allow_request(request)`. The wait is therefore kept in a
context variable, whose value is the request's own (each thread, each async task has its own
context), never on the shared object: a request answered while another was being counted gets
its own Retry-After (ADR 0030).
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from certify.core import ratelimit
from certify.core.clientip import rate_limit_key


class _RequestWait:
    """The seconds until the window ends, of the request being checked in this context."""

    def __init__(self, name: str) -> None:
        self._seconds: ContextVar[float | None] = ContextVar(name, default=None)

    def keep(self, verdict: ratelimit.Verdict) -> bool:
        self._seconds.set(verdict.retry_after)
        return verdict.allowed

    def seconds(self) -> float | None:
        return self._seconds.get()


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))
        self._wait = _RequestWait(f"throttle-wait-{self.scope}-{id(self)}")

    def get_ident(self, request: HttpRequest) -> str:
        return rate_limit_key(request)

    def allow_request(self, request: HttpRequest) -> bool:
        key = self.get_cache_key(request)
        if key is None:
            return True
        return self._wait.keep(ratelimit.hit(key, getattr(settings, self.setting)))

    def wait(self) -> float | None:
        """Seconds until the window ends (the Retry-After header), of this request's count."""
        return self._wait.seconds()


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
        self._wait = _RequestWait(f"throttle-wait-{group}-{id(self)}")

    def allow_request(self, request: HttpRequest) -> bool:
        return self._wait.keep(ratelimit.group_limit(request, self.group))

    def wait(self) -> float | None:
        return self._wait.seconds()


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


class RegisterThrottle(BaseThrottle):
    """The public register's day allowance of searches, the page's (`certificates`'
    `register_allowance`: per address, or per account and mailbox when signed in, in the
    programs' day; ADR 0030): one allowance whichever door a search comes through."""

    def __init__(self, allowance: Callable[[HttpRequest], ratelimit.Verdict]) -> None:
        self.allowance = allowance
        self._wait = _RequestWait(f"throttle-wait-register-{id(self)}")

    def allow_request(self, request: HttpRequest) -> bool:
        return self._wait.keep(self.allowance(request))

    def wait(self) -> float | None:
        return self._wait.seconds()
