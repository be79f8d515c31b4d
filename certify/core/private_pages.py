"""What a signed-in person is shown is not kept by their browser or anything between.

Library staff often share computers: after signing out on a shared machine, the browser's Back
button or its disk cache must not show the next person the candidate's application, invoices or
reviews. Every response to a signed-in request therefore says `Cache-Control: private, no-store`
unless its view said something of its own (a document download, the wallet's no-store). So does
every answer the API gives to a credential that is not a session (a personal access token, a
provider's API key: django-ninja sets `request.auth`), which no proxy between may keep. The
pages reached by an e-mailed link (a supervisor's confirmation, an attestation, an invitation)
say the same through `never_cache` on their views: they show a candidate's details to whoever
holds the link; allauth's pages under `/accounts/` (an address being confirmed, the address a
sign-in code went to) are marked here, for everyone.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# allauth's pages: sign-in, sign-up, e-mail confirmation, password reset, two-factor steps.
ACCOUNT_PAGES = "/accounts/"


def _private(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if getattr(request, "auth", None) is not None:  # the API, answering a key or token
        return True
    return request.path_info.startswith(ACCOUNT_PAGES)


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
