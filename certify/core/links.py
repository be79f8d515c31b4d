"""Signed links e-mailed to people without an account (a supervisor, an attester): the token
carries only the random id of the request it was made for, signed with a salt per purpose. What
the request allows (used, replaced, expired) is its own app's check."""

from typing import Any

from django.core import signing

from certify.core.errors import DomainError

NOT_VALID = "This link is not valid. Check that you copied all of it."


def link_token(link: Any, *, salt: str) -> str:
    return signing.dumps({"link": str(link)}, salt=salt)


def link_read(token: str, *, salt: str) -> str | None:
    """The request id a token names; a `DomainError` for a token that is not ours (altered,
    cut short, another purpose's); `None` when it was signed but names no request."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        raise DomainError(NOT_VALID) from None
    link = data.get("link") if isinstance(data, dict) else None
    return str(link) if link else None
