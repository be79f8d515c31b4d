"""API authentication: personal access tokens (Bearer) with scopes, or the site's session."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from certify.accounts.api import TokenRefused, token_authenticate
from certify.courses import api as courses

PROVIDER_KEY_SENT = (
    "This is a course provider's API key, which acts for the provider, not for a person: these "
    "operations take a personal access token (cert_…), made on your account's API tokens page, "
    "or a signed-in session."
)
# A provider key that is not good, sent here: what is wrong for this caller comes first (the
# operation takes a personal token), then why the key would not work where it belongs.
PROVIDER_KEY_NOT_GOOD = (
    "This operation takes a personal access token (cert_…), made on your account's API tokens "
    "page, or a signed-in session, not a course provider's API key; and the provider key sent "
    "does not work either: {why}"
)


class TokenRefusedError(HttpError):
    """A refused token: the status, the reason in words, and the problem type (`kind`)."""

    def __init__(self, status: int, message: str, kind: str = "") -> None:
        super().__init__(status, message)
        self.kind = kind


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cert_…` with the given scope."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        """Authentication before authorization, whichever credential was sent: a provider's
        API key (`cpk_…`) that is not good (unknown, revoked, expired, its maker's word no
        longer good) is a 401 saying first that this operation takes a personal token, then
        why the key fails; a good one, its provider's approval stopped or not, is a 403 saying
        what these operations take instead (the key is known: only it is the wrong kind)."""
        if token.strip().startswith("cpk_"):
            try:
                courses.api_key_check(token)
            except courses.ApiKeyRefused as refused:
                if refused.http_code == 401:
                    why = PROVIDER_KEY_NOT_GOOD.format(why=refused.message)
                    raise TokenRefusedError(401, why) from None
            raise TokenRefusedError(403, PROVIDER_KEY_SENT)
        try:
            user = token_authenticate(token, scope=self.scope)
        except TokenRefused as refused:
            raise TokenRefusedError(refused.status, refused.message, refused.kind) from None
        request.user = user
        return user


def token_or_session(scope: str) -> list:
    """A bearer token with `scope`, or the signed-in session (the site's own htmx calls)."""
    return [TokenAuth(scope), django_auth]
