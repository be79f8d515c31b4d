"""One-time form tokens: a create-form answered by a rendered page makes one row, however often
it is sent (ADR 0043).

A page that must show a new secret once (a provider's API key, kept only as a hash) answers its
POST with the page itself: a redirect would have nothing to show it from, and a session would
store the secret. A reload of that answer, or the browser sending the form again, would then
make a second row. So the form carries a token the page issues (`once_issue`, a hidden field);
the view spends it (`once_spend`) in the transaction that makes the row, and a second post with
the same token is refused in the form's own words, the first row unchanged. Nothing secret is
kept: only the spent token, which says nothing about the row.

A token is taken only within `MAX_AGE` of its issue (longer than a session, so a form sent in
the session that showed it is never refused for its age). A spent token can matter only while
its own token would still be taken; the daily job `forms.spent_tokens_prune` deletes those spent
longer ago than that (`spent_tokens_prune`, by the index on `used_at`, ADR 0060).
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.models import UsedFormToken

FIELD = "once"  # the hidden input's name
OUT_OF_DATE = "This form was out of date, so nothing was made: fill it in again on this page."
# A page left open longer than this is filled in again: longer than a session
# (`SESSION_COOKIE_AGE`), so the session that showed the form has ended first.
MAX_AGE = timedelta(days=1)
# Spent tokens are kept this long: a token is spent after its issue, so one spent longer ago
# is refused for its age before the check of spent ones; the hour covers servers' clocks that
# disagree a little (one signs, another spends).
SPENT_KEPT = MAX_AGE + timedelta(hours=1)


class FormAlreadySentError(DomainError):
    """The form's token was spent: what it makes was made already, by this form."""


def _salt(purpose: str) -> str:
    return f"certify.once:{purpose}"


def once_issue(purpose: str) -> str:
    """A fresh token for one form of `purpose`, signed so that only tokens Certify issued for
    that purpose are accepted."""
    return signing.dumps(secrets.token_urlsafe(24), salt=_salt(purpose))


def once_spend(token: str | None, *, purpose: str, already: str) -> None:
    """Spend `token` inside the caller's transaction, or refuse: `already` (the form's words)
    when it was spent before, `OUT_OF_DATE` when it is missing or not one Certify issued. Call
    it in the transaction that makes the row, so that a refusal leaves nothing and two posts at
    once make one row (the second waits on the unique token and is refused)."""
    try:
        nonce = signing.loads(token or "", salt=_salt(purpose), max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included: older than MAX_AGE
        raise DomainError(OUT_OF_DATE) from None
    if not isinstance(nonce, str) or not nonce:
        raise DomainError(OUT_OF_DATE)
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(token=nonce[:64], purpose=purpose[:60])
    except IntegrityError:
        raise FormAlreadySentError(already) from None


def spent_tokens_prune() -> int:
    """Delete the spent tokens older than any token still taken (a daily job): each is refused
    for its age now, spent or not. Read by the index on `used_at` (ADR 0060)."""
    deleted, _ = UsedFormToken.objects.filter(used_at__lt=timezone.now() - SPENT_KEPT).delete()
    return deleted
