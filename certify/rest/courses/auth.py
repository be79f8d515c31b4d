"""Provider API keys (bearer or header), and the routers of the courses API."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer
from ninja.security import SessionAuth as DjangoSessionAuth

from certify.accounts.api import TokenRefused, token_check
from certify.courses import api as courses
from certify.courses.models import ProviderApiKey
from certify.rest.throttling import PublicRateThrottle

NOT_A_PROVIDER_KEY = (
    "This is a personal access token, which does not act for a course provider: these "
    "operations take the provider's API key (cpk_…), made on the provider's API keys page, or "
    "a signed-in session of the provider's staff."
)


def _key(raw: str | None) -> ProviderApiKey | None:
    """A sent key must be good: an unknown, expired or revoked one is a 401 saying which; a
    good key of a provider not approved now (suspended, revoked) is a 403 saying why and what
    its people can still do. A personal access token (`cert_…`) is authenticated first, as on
    the operations that take one: an unknown, expired or revoked token, or one of a closed
    account, is the same 401 in the same words; a good one is a 403 saying what these
    operations take instead."""
    if not raw:
        return None
    if raw.strip().startswith("cert_"):
        try:
            token_check(raw)
        except TokenRefused as refused:
            raise HttpError(401, refused.message) from None
        raise HttpError(403, NOT_A_PROVIDER_KEY)
    try:
        return courses.api_key_check(raw)
    except courses.ApiKeyRefused as refused:
        # 401 for a key that is not good; 403 for a good key of a provider not approved now.
        raise HttpError(refused.http_code, refused.message) from None


class ProviderKeyBearer(HttpBearer):
    """`Authorization: Bearer cpk_…`: a provider's API key."""

    def authenticate(self, request: HttpRequest, token: str) -> ProviderApiKey | None:
        return _key(token)


class ProviderKeyHeader(APIKeyHeader):
    """`X-API-Key: cpk_…`: a provider's API key."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ProviderApiKey | None:
        return _key(key)


NOT_A_PROVIDER = (
    "These operations are for course providers, and your account does not act for one. A "
    "provider's staff call them signed in, or with the provider's API key (cpk_…)."
)


class SessionAuth(DjangoSessionAuth):
    """The signed-in session (django-ninja's, under its name in the schema), for the provider's
    staff only: anyone else signed in is refused with a 403 saying so, as every role-gated
    section of the API refuses a missing role, before the body is read or any id looked up, so
    the answer is the same for every provider id and tells nothing about which exist."""

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        user = super().authenticate(request, key)
        if user is not None and not user.has_perm("courses.use_provider_pages"):
            raise HttpError(403, NOT_A_PROVIDER)
        return user


PROVIDER_AUTH = [ProviderKeyBearer(), ProviderKeyHeader(), SessionAuth()]
router = Router(throttle=[PublicRateThrottle()])
provider_router = Router(auth=PROVIDER_AUTH)
