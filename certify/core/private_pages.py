"""What a signed-in person is shown is not kept by their browser or anything between.

Library staff often share computers: after signing out on a shared machine, the browser's Back
button or its disk cache must not show the next person the candidate's application, invoices or
reviews. Every response to a signed-in request therefore says `Cache-Control: private, no-store`
unless its view said something of its own (a document download, the wallet's no-store). The
pages reached by an e-mailed link (a supervisor's confirmation, an attestation, an invitation)
say the same through `never_cache` on their views: they show a candidate's details to whoever
holds the link.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
