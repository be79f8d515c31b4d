"""A NUL character in a request's address is refused with 400 before any view reads it, and one
in a posted value that reached the database unchecked is a 400 too, never a server error.

PostgreSQL cannot hold NUL in text, so a path or query value carrying one (`%00`) made every
lookup of it a server error: `/verify/LSSCP-2026-A%00B/` or `/courses/?program=a%00b` from any
visitor. No address Certify serves or links to holds one. Form fields already refuse it
(Django's `ProhibitNullCharactersValidator`), and the API answers a value PostgreSQL refuses
with a 400 problem document; a page that passes a posted value on without a form (a reviewer's
comment) gets the same answer here, from PostgreSQL's refusal, with nothing saved.
"""

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse

from certify.core.error_pages import bad_request


class NulCharacterMiddleware:
    """At the end of the list, like the body limit: its 400 passes through the others (headers,
    the rate limit counting it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """PostgreSQL refusing a NUL in text: the client sent it, so a 400 (the transaction that
        tried to write it was rolled back). Any other error goes on to the 500 page."""
        if isinstance(exception, DataError) and "NUL" in str(exception):
            return bad_request(request)
        return None
