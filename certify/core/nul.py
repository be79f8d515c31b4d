"""A NUL character in a request's address is refused with 400 before any view reads it.

PostgreSQL cannot hold NUL in text, so a path or query value carrying one (`%00`) made every
lookup of it a server error: `/verify/LSSCP-2026-A%00B/` or `/courses/?program=a%00b` from any
visitor. No address Certify serves or links to holds one. Form fields already refuse it
(Django's `ProhibitNullCharactersValidator`), and the API answers a value PostgreSQL refuses
with a 400 problem document.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from certify.core.error_pages import bad_request


class NulInAddressMiddleware:
    """Last in the list, like the body limit: its 400 passes through the others (headers, the
    rate limit counting it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request(request)
        return self.get_response(request)
