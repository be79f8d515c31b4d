"""Small facts about a request that several apps need."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def same_for_every_visitor(request: HttpRequest) -> bool:
    """No session and no pending messages: a public page is then the same for every such
    visitor, so its finished HTML may be kept and shared (verification, the catalogue)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def signed_in(request: HttpRequest) -> Any:
    """The person the request is signed in as, or `None`: a link's page (a supervisor's, an
    attester's) passes it to its service, which refuses the person the link concerns."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
