from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def permission_required(perm: str) -> Callable:
    """Anonymous visitors are sent to sign in; signed-in people without `perm` get 403. An
    htmx request (an autosave after the session ended) gets 401 with `HX-Redirect`, as from
    `sign_in_first`, not a redirect its request would follow to put the sign-in page in place
    of a status."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    return _htmx_to_sign_in(request)
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def sign_in_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A visitor who is not signed in is sent to sign in before any check that would refuse
    them as a stranger (the 404 an unknown id gets): a form posted after the session ended
    (12 hours) leads to the sign-in page and back, not to "Not found". A POST-only address is
    no page to come back to, so the way back is the page the form was on (the Referer, this
    site's only), else the home page. An htmx request (or the drafts' autosave) gets 401 with
    `HX-Redirect` to the sign-in page and back to the page it was sent from: htmx follows it,
    having kept what the autosave sent in the tab (`autosave.js`, which puts it back after the
    sign-in), and the drafts' autosave keeps the text and says "Your session ended"
    (`drafts.js`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if getattr(request, "htmx", False):
            return _htmx_to_sign_in(request)
        back = request.get_full_path() if request.method == "GET" else _the_page_before(request)
        return redirect_to_login(back)

    return wrapped


def _htmx_to_sign_in(request: HttpRequest) -> HttpResponse:
    """401 with the sign-in page for htmx to go to, and back to the page the request came from
    (an htmx request's own address is a fragment or a POST-only one)."""
    response = HttpResponse(status=401)
    response["HX-Redirect"] = redirect_to_login(_the_page_before(request))["Location"]
    return response


def _the_page_before(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        # "//host" or "/\\host" is another site to a browser, though the Referer's host is ours.
        if parts.path.startswith(("//", "/\\")):
            return "/"
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"
