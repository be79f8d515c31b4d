"""The CSRF token of a page, masked for less (ADR 0065).

Every signed-in page has a form (sign out), so `{% csrf_token %}` runs on each. Django's
context processor masks the person's secret with 32 characters drawn one `secrets.choice` at a
time and finds each character's place with `str.index`: about 40 to 60 µs a page. `csrf` below
gives the template the same token, made the same way (a fresh random mask per response, so
BREACH still sees a different token each time; the secret added to it character by character,
modulo the 62 allowed characters), with the mask drawn from one `os.urandom` read (bytes above
the largest multiple of 62 are dropped, so each character stays equally likely) and the places
looked up in a table: about 7 µs.

Listed in `TEMPLATES` after Django's built-in processor, whose lazy token it replaces before
anything reads it. The token is still made only when a template writes it, and it does to the
request what `django.middleware.csrf.get_token` does: the secret held (the CSRF cookie's,
checked by the middleware) is used and the cookie renewed; without one, Django's `get_token`
makes the secret and the token as before. Django's `CsrfViewMiddleware` checks the tokens as
it checks its own (`_unmask_cipher_token`).
"""

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)
_PLACE = {char: place for place, char in enumerate(_CHARS)}
# Bytes from this value up are dropped: 256 is not a multiple of 62, so keeping them would make
# the first characters likelier than the others.
_LIMIT = 256 - 256 % _COUNT


def _mask() -> list[int]:
    """CSRF_SECRET_LENGTH places in the allowed characters, each equally likely."""
    places: list[int] = []
    while len(places) < CSRF_SECRET_LENGTH:
        places.extend(b % _COUNT for b in os.urandom(CSRF_SECRET_LENGTH + 8) if b < _LIMIT)
    return places[:CSRF_SECRET_LENGTH]


def mask_secret(secret: str) -> str:
    """The token for `secret`: a fresh mask, then the secret shifted by it (Django's format)."""
    mask = _mask()
    return "".join([_CHARS[m] for m in mask]) + "".join(
        [_CHARS[(_PLACE[s] + m) % _COUNT] for s, m in zip(secret, mask, strict=True)]
    )


def token_for(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` answers, for less."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return get_token(request)  # no secret yet: Django makes one and asks for the cookie
    # The secret is used: the middleware sends the cookie again (renewing it), as Django does.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask_secret(secret)


def csrf(request: HttpRequest) -> dict[str, object]:
    """`csrf_token` for templates, made only when one writes it."""
    return {"csrf_token": SimpleLazyObject(lambda: token_for(request))}
