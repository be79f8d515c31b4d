"""Staff and reviewers must use two-factor authentication (settings.MFA_REQUIRED_ROLES): an
authenticator app or a security key (certify/accounts/mfa.py)."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from certify.accounts.mfa import has_two_factor, mfa_required

# What a person without 2FA may still reach: allauth's pages (to set it up, sign out), static.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/")


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and mfa_required(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request,
                "Your role needs two-factor authentication. Set up an authenticator app or add "
                "a security key to continue; it takes two minutes.",
            )
            # The overview, where both are offered (ADR 0074).
            return redirect("mfa_index")
        return self.get_response(request)
