"""A size limit on every request's body, on its declared length, before anything reads it
(ADR 0028).

Django reads a form whole (files to temporary files) the first time anything asks for it, and the
CSRF check asks on every POST: without a limit here a visitor could send gigabytes to any page,
even past their rate limit, which is counted later. A body without `Content-Length` (chunked) is
not read by Django at all, so the declared length is the one to check.

- `ANONYMOUS_REQUEST_MAX_BYTES` (2 MB): a request from someone not signed in that carries no
  credentials. The largest thing a visitor sends is a badge image (1 MB) to be checked.
- `REQUEST_MAX_BYTES` (twice `EVIDENCE_MAX_BYTES`): everyone else. A file over the evidence
  limit but under this still reaches the form, which says so beside the field and keeps what
  was typed; only what no form would take is refused here.

A request with an `Authorization` or `X-API-Key` header gets the larger limit: the API checks
the credential after the body is read, so a made-up one buys a bounded body and a refusal.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certify.core.codes import plain_digits
from certify.core.error_pages import json_error, wants_json

MB = 1024 * 1024


def size_words(size: int) -> str:
    """Bytes in megabytes for people: "2 MB", "2.5 MB", "50 MB"."""
    return f"{round(size / MB, 1):g} MB"


def body_limit(request: HttpRequest) -> int:
    """The most this request may declare."""
    if (
        "Authorization" in request.headers
        or "X-API-Key" in request.headers
        or request.user.is_authenticated
    ):
        return int(settings.REQUEST_MAX_BYTES)
    return int(settings.ANONYMOUS_REQUEST_MAX_BYTES)


def too_large(request: HttpRequest, *, size: int | None, limit: int) -> HttpResponse:
    """413: what was sent (None: a length that is no number) and the limit, in words; a page
    for people, a problem document (with `limit`) for programs."""
    sent = (
        f"The request is {size_words(size)}"
        if size is not None
        else "The request's declared size cannot be read"
    )
    if wants_json(request):
        return json_error(
            request,
            status=413,
            detail=f"{sent}; at most {size_words(limit)} is accepted.",
            kind="request-too-large",
            limit=limit,
        )
    context = {
        "size": size_words(size) if size is not None else "",
        "limit": size_words(limit),
        "evidence": size_words(settings.EVIDENCE_MAX_BYTES),
    }
    return render(request, "413.html", context, status=413)


class RequestSizeMiddleware:
    """At the end of the list (the limit depends on who asks), before any view or CSRF check. A
    body within the visitors' limit passes without asking who is signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared:
            size = int(declared) if plain_digits(declared) else None
            if size is None or size > settings.ANONYMOUS_REQUEST_MAX_BYTES:
                limit = body_limit(request)
                if size is None or size > limit:
                    return too_large(request, size=size, limit=limit)
        return self.get_response(request)
