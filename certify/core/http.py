"""Small facts about a request that several apps' caches need."""

from django.conf import settings
from django.http import HttpRequest


def same_for_every_visitor(request: HttpRequest) -> bool:
    """No session and no pending messages: a public page is then the same for every such
    visitor, so its finished HTML may be kept and shared (verification, the catalogue)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES
