"""Rate limits: public endpoints per client address, authenticated ones per account or key.

Both read their rate from settings on each request, so tests and deployments can change it.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, self.setting))
        return super().allow_request(request)


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
