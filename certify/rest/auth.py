"""API authentication: personal access tokens (Bearer) with scopes, or the site's session."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from certify.accounts.api import TokenRefused, token_authenticate


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
        try:
            user = token_authenticate(token, scope=self.scope)
        except TokenRefused as refused:
            raise TokenRefusedError(refused.status, refused.message, refused.kind) from None
        request.user = user
        return user


def token_or_session(scope: str) -> list:
    """A bearer token with `scope`, or the signed-in session (the site's own htmx calls)."""
    return [TokenAuth(scope), django_auth]
