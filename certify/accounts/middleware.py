"""Staff and reviewers must use two-factor authentication (settings.MFA_REQUIRED_ROLES)."""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# What a person without 2FA may still reach: allauth's pages (to set it up, sign out), static.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/")


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        required = getattr(settings, "MFA_REQUIRED_ROLES", ())
        if (
            required
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and (user.is_superuser or any(user.has_role(role) for role in required))
            and not _has_totp(user)
        ):
            messages.warning(
                request,
                "Your role needs two-factor authentication. Set up an authenticator app to "
                "continue; it takes two minutes.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user: Any) -> bool:
    known = getattr(user, "request_has_totp", None)  # loaded with the signed-in user
    if known is not None:
        return bool(known)
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
