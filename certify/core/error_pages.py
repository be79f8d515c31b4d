"""The answers to a request that failed: 400, 403 (and a refused CSRF token), 404, 413, 429, 500,
503.

People get a page in the site's look (`templates/<status>.html`): what happened in their words, a
way home, and whom to write to: the site's contact (`SITE_CONTACT_EMAIL`), else the default
program's (`programs/templatetags/program_contact.py`). Programs get
JSON: every path in `settings.JSON_ERROR_PATHS` (the API, the wallet endpoints, the issuer's
keys and status lists, webhooks, health checks), and any request that asks for JSON and not HTML.
The API's own failures are already problem documents (`certify/rest/api.py`); these cover what
reaches Django's handlers, e.g. an address under /api/ that no operation answers.

The 500 and 503 pages are static: rendered without the request (so without context processors,
sessions or the signed-in user) and without the database, since the error may be the database.
They promise nothing the server cannot know: not whether what was sent was saved.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from certify.core.site import site_name

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    413: "Request too large",
    429: "Too many requests",
    500: "Server error",
    503: "Temporarily unavailable",
}


def wants_json(request: HttpRequest | None) -> bool:
    """Is the client a program (JSON) rather than a person (a page)?"""
    if request is None:
        return False
    path = request.path_info
    if any(path.startswith(prefix) for prefix in settings.JSON_ERROR_PATHS):
        return True
    accept = request.headers.get("Accept", "")
    return "json" in accept and "text/html" not in accept


def json_error(
    request: HttpRequest, *, status: int, detail: str, kind: str = "", **extra: object
) -> HttpResponse:
    """An RFC 9457 problem document, the API's format (`extra`: more members, e.g. `limit`). The
    OAuth endpoints (a wallet's token, nonce and credential requests) also carry OAuth's `error`
    and `error_description`, which is what their clients read."""
    body: dict[str, object] = {
        "type": f"/api/v1/problems/{kind}" if kind else "about:blank",
        "title": TITLES.get(status, "Request refused"),
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
        **extra,
    }
    if request.path_info.startswith(settings.OAUTH_ERROR_PATHS):
        body["error"] = kind.replace("-", "_") or "invalid_request"
        body["error_description"] = detail
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400 (e.g. a request whose host is not ours, or a broken multipart body)."""
    if wants_json(request):
        return json_error(
            request, status=400, detail="The request could not be read.", kind="bad-request"
        )
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403."""
    if wants_json(request):
        return json_error(
            request, status=403, detail="You are not allowed to do this.", kind="forbidden"
        )
    return render(request, "403.html", status=403)


# Says a 403 is the CSRF check's, not a refusal of the person: the drafts' autosave (drafts.js)
# tells "the page's security check expired: reload it" from "you cannot change this now".
REFUSED_HEADER = "X-Refused"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its token, or with an old one (the page was open a
    long time, or the person signed out and in again in another tab). Marked `X-Refused: csrf`
    (`REFUSED_HEADER`) for a script that must tell it from a 403 that refuses the person."""
    if wants_json(request):
        response = json_error(
            request,
            status=403,
            detail="The form's security token is missing or out of date: reload the form and "
            "send it again.",
            kind="csrf",
        )
    else:
        response = render(request, "403_csrf.html", status=403)
    response[REFUSED_HEADER] = "csrf"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404."""
    if wants_json(request):
        return json_error(
            request,
            status=404,
            detail="There is nothing here, or it is not visible to you.",
            kind="not-found",
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that does not answer (the primary restarting or being failed over)
    is a 503 with Retry-After, which says "try again shortly"; any other error is a 500. Neither
    page reads the database or the request (context processors may need the database)."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if wants_json(request):
        response = json_error(
            request,
            status=status,
            detail="The database does not answer. Please try again in a minute."
            if unavailable
            else "Something went wrong on our side.",
            kind="unavailable" if unavailable else "server-error",
        )
    else:
        response = HttpResponse(
            render_to_string(f"{status}.html", {"SITE_NAME": site_name()}), status=status
        )
    if unavailable:
        response["Retry-After"] = "30"
    return response
