"""A page around finished content kept in the cache as UTF-8 bytes (ADR 0065), and when what is
read may be kept in the shared cache at all.

The staff dashboard and application list keep their content (50-70 KB of HTML) in the shared
cache. Kept as text, each request paid for it three times over: unpickling decoded it from
UTF-8, the template joined it into the page (one non-ASCII character in the page makes Python
copy the whole of it wider), and the response encoded the page back to UTF-8; about 60-100 µs
a request, most of it for those pages' few non-ASCII characters. Kept as bytes, it is copied
once: the page is rendered around a marker and the kept bytes put in the marker's place.
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from certify.core.data_versions import VENDORS

# Random per process: no page can hold it unless it was put there as the content.
_MARK = f"kept-content-{secrets.token_hex(16)}"
_MARK_BYTES = _MARK.encode()


def render_around(
    request: HttpRequest, template_name: str, context: dict[str, Any], content: bytes
) -> HttpResponse:
    """`render(request, template_name, {**context, "content": …})` with `content` (our own
    template's output, UTF-8) written where the template writes `{{ content }}`, once."""
    response = render(request, template_name, {**context, "content": mark_safe(_MARK)})  # noqa: S308  (a marker of letters and digits)
    head, mark, tail = response.content.partition(_MARK_BYTES)
    if not mark:
        raise ValueError(f"{template_name} does not write {{{{ content }}}}")
    response.content = b"".join((head, content, tail))
    return response


def may_keep() -> bool:
    """True when what is read now may be kept for other requests: the cache is shared by every
    app server (settings.SHARED_CACHE; a per-process cache could not be told of another server's
    writes), and no transaction this code opened (not a test case's) is open, whose reads may
    still roll back."""
    if not getattr(settings, "SHARED_CACHE", False):
        return False
    return outside_transactions()


def outside_transactions() -> bool:
    """True when no transaction this code opened (not a test case's) is open: what is read now
    cannot be rolled back."""
    return not any(not getattr(b, "_from_testcase", False) for b in connection.atomic_blocks)


def may_keep_by_versions(request: HttpRequest) -> bool:
    """True when a page read now may be kept per process under the versions of its data (ADR
    0071): a GET (it writes nothing of its own) outside any transaction the code opened, on a
    database the triggers are written for."""
    return request.method == "GET" and connection.vendor in VENDORS and outside_transactions()
