"""Provider API keys (bearer or header), and the routers of the courses API."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from certify.courses import api as courses
from certify.courses.models import ProviderApiKey
from certify.rest.throttling import PublicRateThrottle


def _key(raw: str | None) -> ProviderApiKey | None:
    """A sent key must be good: an unknown, expired or revoked one is a 401 saying which."""
    if not raw:
        return None
    try:
        return courses.api_key_check(raw)
    except courses.ApiKeyRefused as refused:
        raise HttpError(401, refused.message) from None


class ProviderKeyBearer(HttpBearer):
    """`Authorization: Bearer cpk_…`: a provider's API key."""

    def authenticate(self, request: HttpRequest, token: str) -> ProviderApiKey | None:
        return _key(token)


class ProviderKeyHeader(APIKeyHeader):
    """`X-API-Key: cpk_…`: a provider's API key."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ProviderApiKey | None:
        return _key(key)


PROVIDER_AUTH = [ProviderKeyBearer(), ProviderKeyHeader(), django_auth]
router = Router(throttle=[PublicRateThrottle()])
provider_router = Router(auth=PROVIDER_AUTH)
