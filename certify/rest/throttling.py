"""Rate limits for public endpoints (verification, catalogue, programs)."""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class PublicRateThrottle(SimpleRateThrottle):
    """Per client address, at `settings.API_PUBLIC_RATE` (read on each request)."""

    scope = "public"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_PUBLIC_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_PUBLIC_RATE)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
