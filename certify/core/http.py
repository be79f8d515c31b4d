"""Small facts about a request that several apps need."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect

from certify.core.workflow_words import StatusMovedOnError


def same_for_every_visitor(request: HttpRequest) -> bool:
    """No session and no pending messages: a public page is then the same for every such
    visitor, so its finished HTML may be kept and shared (verification, the catalogue)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def signed_in(request: HttpRequest) -> Any:
    """The person the request is signed in as, or `None`: a link's page (a supervisor's, an
    attester's) passes it to its service, which refuses the person the link concerns."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


# Where a page opens after a save that worked: its main content, where the confirmation stands.
SAVED_FRAGMENT = "main"


def saved_redirect(url: str, fragment: str = SAVED_FRAGMENT) -> HttpResponseRedirect:
    """The redirect after a save that worked, naming its own fragment (ADR 0043). A form's
    action ends with its error summary's id (`#electives-errors`) so that a refused page opens
    there; a browser keeps that fragment across a redirect whose address has none, so without
    this the saved page's address would keep `#…-errors`, and a reload or a shared link would
    aim at a summary that is not there."""
    return HttpResponseRedirect(f"{url.split('#', 1)[0]}#{fragment}")


def shown_once_keep(request: HttpRequest, name: str, value: Any) -> None:
    """Keep what a page must show once (a new secret) for the page the save redirects to: a
    render after the POST would make a reload post again and make a second one (ADR 0043)."""
    request.session[f"shown-once:{name}"] = value


def shown_once_take(request: HttpRequest, name: str) -> Any:
    """What `shown_once_keep` kept, now gone from the session: a reload or a second tab finds
    `None`. The page that shows it is sent with `Cache-Control: no-store`."""
    return request.session.pop(f"shown-once:{name}", None)


def moved_on_redirect(
    request: HttpRequest, error: StatusMovedOnError, url: str
) -> HttpResponseRedirect:
    """The answer to a form sent from a page that was out of date (a second tab, a colleague
    who decided first): the subject's current page, opened at its main content, with the
    engine's words saying where it is now (ADR 0018). The form's own page would show the
    refusal beside a form the subject's status no longer offers, or nowhere."""
    messages.error(request, f"{error.message} Here is its current page.")
    return saved_redirect(url)
