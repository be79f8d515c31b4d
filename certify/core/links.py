"""Signed links e-mailed to people without an account (a supervisor, an attester): the token
carries only the random id of the request it was made for, signed with a salt per purpose. What
the request allows (used, replaced, expired) is its own app's check.

A link that lasts N days works through the whole of the day its e-mail names (`link_ends`), N
calendar days after the day it was sent in the zone that names the day, not N x 24 hours from
the minute it was sent: "works until March 3" is true at 23:59 on March 3, and a daylight saving
change in between moves nothing (ADR 0024, "Days, not hours")."""

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.core import signing
from django.utils import timezone

from certify.core.errors import DomainError

NOT_VALID = "This link is not valid. Check that you copied all of it."
# A link of a candidate whose account an administrator deactivated (a supervisor's, an
# attester's): what happened, and that it is not the end (opened again, the link works again).
ACCOUNT_NOT_ACTIVE = (
    "The candidate's account is not active at the moment, so this link does not work. Nothing is "
    "needed from you now; if the account is opened again, this link works again until it ends."
)


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


def link_ends(days: int, zone: tzinfo, *, now: datetime | None = None) -> datetime:
    """When a link sent `now` for `days` days stops working: the first instant of the day after
    its last day in `zone` (today there plus `days`), so it works through that whole day."""
    today = timezone.localtime(now or timezone.now(), zone).date()
    return datetime.combine(today + timedelta(days=days + 1), time.min, tzinfo=zone)


def link_last_day(ends: datetime, zone: tzinfo) -> date:
    """The last day a link ending at `ends` works, in `zone`: the day its e-mail and pages name
    ("works until"); a link ending at midnight worked through the day before."""
    return timezone.localtime(ends - timedelta(microseconds=1), zone).date()
