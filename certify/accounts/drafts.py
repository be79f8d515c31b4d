"""Drafts kept in the browser (ADR 0037): the account key they are stored under, the session
probe the autosave script asks when a save is refused, and the page a new sign-in returns to.

A draft is stored under a key id derived from the account's primary key with the site's secret:
the same account gets the same id on every sign-in (so a new sign-in finds its draft), another
account gets another one, and the id names nobody (no e-mail address in clear on a shared
computer).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

_SALT = "certify.accounts.drafts.key-id"


def draft_key_id(user_pk: int) -> str:
    """The account's draft key id: stable for the account, meaningless without the secret."""
    return salted_hmac(_SALT, str(user_pk), algorithm="sha256").hexdigest()[:32]


@require_GET
@never_cache
def session_probe(request: HttpRequest) -> JsonResponse:
    """Who is signed in now, as the autosave script needs to know after a refused save: the
    account's draft key id (or none) and a fresh CSRF token for the retry. Writes nothing but
    the CSRF cookie."""
    user = request.user
    key = draft_key_id(user.pk) if user.is_authenticated and user.pk is not None else None
    return JsonResponse({"signed_in": key is not None, "key": key, "csrf": get_token(request)})


@require_GET
@login_required
def signed_in_again(request: HttpRequest) -> HttpResponse:
    """Where the sign-in opened from a page whose session ended returns: it tells the person
    to go back to their page, where the script saves what they typed."""
    return render(request, "accounts/signed_in_again.html")
