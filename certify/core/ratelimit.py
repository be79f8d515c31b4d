"""Rate limits: one fixed-window counter for the API's throttles and the pages' limiter.

A fixed-window counter in the cache: one number per client and window, raised with `incr` (on
Redis in one round trip). django-ninja's own `SimpleRateThrottle` (and allauth's limiter) keep
the time of every request of the last window in one cache entry and rewrite all of it on each
request, so their cost grows with the rate allowed. A counter costs the same at any rate; the
price is that a client may spend one window's allowance at the end of a window and the next at
the start of the next one (at most twice the rate over a window's length), which is fine for a
limit that guards against abuse, not for billing (ADR 0012, ADR 0028).

The counters live in the default cache: per process unless it is shared (Redis or the database
cache). On a shared cache a busy client's requests are counted a few at a time (leases, below;
ADR 0063). With more than one app process that would multiply every limit, so production refuses to
start that way (`certify/core/checks.py`).

Pages: `RateLimitMiddleware` counts every page request of a visitor who is not signed in, per
client address (`certify/core/clientip.py`), in the group "pages"; a route named in
`settings.PAGE_RATE_ROUTES` ("certificates:verify", or "POST certificates:verify_credential" for
one method) counts in its own group instead, for everyone: per account when signed in. The
rates are `settings.PAGE_RATES`, read on each request. Past the limit the answer is the 429 page
with Retry-After (JSON for programs: `certify/core/error_pages.py`). The API (its own throttles
and problem documents) is left to django-ninja; its verification operations count in the
pages' groups as well (`group_limit`).
"""

import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certify.core.cache import UNREACHABLE
from certify.core.clientip import rate_limit_key
from certify.core.error_pages import json_error, wants_json

logger = logging.getLogger(__name__)

API_NAMESPACE = "api-1"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def count(key: str, timeout: int, by: int = 1) -> int:
    """Add `by` to the window's counter and return it (kept `timeout` seconds)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip: INCRBY creates the counter at `by`; EXPIRE NX sets its lifetime only
        # then. (Django's `incr` first asks whether the key exists: two or three round trips.)
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipe.incrby(full_key, by)
        pipe.expire(full_key, timeout, nx=True)
        try:
            counted, _ = pipe.execute()
        except UNREACHABLE as error:  # no counter to ask: let the request through (logged)
            logger.warning("rate limit not counted: Redis unreachable (%s)", error)
            return 0
        return int(counted)
    try:
        return cache.incr(key, by)
    except ValueError:  # the first request of this window (or the entry just expired);
        # when `add` loses, another request created it meanwhile: count on from there.
        return by if cache.add(key, by, timeout) else cache.incr(key, by)


# --- Leases: a busy client's requests counted in the shared cache a few at a time --------------
#
# With a shared cache every counted request cost a round trip to it. A process may instead take
# a few requests of a client's allowance at once (INCRBY n) and serve them from its own memory:
# it takes 1 for the first request of a window, then twice as many each time it runs out, up to
# `_lease_cap(limit)`. The shared count is never below what was served, so no client is ever let
# through more than its limit; what the other processes hold unused (at most a sixteenth of the
# limit in all) may refuse a busy client a little early. A window once full is remembered here
# until it ends, so a refused client costs no round trip either. A limit under 16 per process
# is counted one request at a time, exactly as before.

_LEASE_MAX = 64
_LEASES_KEPT = 10_000  # clients' leases kept per process
_leases: dict[str, list[int]] = {}  # key (client and window) → [requests left, next lease]
_leases_lock = threading.Lock()


def _lease_cap(limit: int) -> int:
    processes = max(1, getattr(settings, "APP_WORKERS", 1) * getattr(settings, "APP_SERVERS", 1))
    return max(1, min(_LEASE_MAX, limit // (16 * processes)))


def _leased(key: str, limit: int, timeout: int) -> bool:
    """Allowed? Served from this process's lease when it has one; else the shared counter."""
    with _leases_lock:
        lease = _leases.get(key)
        if lease is not None and lease[0] > 0:
            lease[0] -= 1
            return True
        if lease is not None and lease[1] == 0:  # the window is full
            return False
        size = 1 if lease is None else lease[1]
    counted = count(key, timeout, size)
    if counted == 0:  # not counted (Redis unreachable): let it through, as `count` says
        return True
    # Of the `size` requests just counted, those beyond the limit are not granted.
    granted = max(0, min(size, limit - (counted - size)))
    with _leases_lock:
        if len(_leases) > _LEASES_KEPT:
            # Forget them all: a lease dropped unused was counted and is never served, and a
            # full window forgotten is asked of Redis again, which says so. (Sorting out the
            # stale ones would cost every request a walk over thousands of clients while many
            # are counted at once.)
            _leases.clear()
        full = counted >= limit
        _leases[key] = [max(0, granted - 1), 0 if full else min(size * 2, _lease_cap(limit))]
    return granted > 0


def forget_leases() -> None:
    """Drop this process's leases (tests that clear the shared cache call it too)."""
    with _leases_lock:
        _leases.clear()


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" → (30, 60); "5/5m" → (5, 300); units s, m, h, d."""
    found = _RATE.match(rate)
    if found is None:
        raise ValueError(f"Not a rate: {rate!r} (write it like 30/m or 5/5m)")
    amount, times, unit = found.groups()
    return int(amount), int(times or 1) * _UNITS[unit]


DAY = 86_400


class Wait(float):
    """Seconds until a window ends, knowing the window's length (`period`, seconds): a day's
    allowance used up is said as one even in its last minutes, when the wait is short. It goes
    through django-ninja's throttling as the `wait` it reports (a float)."""

    period: int

    def __new__(cls, seconds: float, period: int = 0) -> "Wait":
        wait = super().__new__(cls, seconds)
        wait.period = period
        return wait


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: float  # seconds until the window ends (a `Wait`, knowing its window)


def hit(bucket: str, rate: str, *, now: float | None = None) -> Verdict:
    """Count one request in `bucket` (already naming the client) against `rate`."""
    limit, seconds = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // seconds)
    return hit_window(f"{bucket}:{seconds}:{window}", limit, (window + 1) * seconds - now, seconds)


def hit_window(key: str, limit: int, ends_in: float, period: int) -> Verdict:
    """Count one request under `key` (naming the client and its window, which ends in `ends_in`
    seconds and lasts `period`) against `limit`: for a window its caller places, such as a day
    in a program's time zone (the public register's searches), not counted from the epoch."""
    if _uses_leases():
        allowed = _leased(key, limit, math.ceil(ends_in) + 1)
    else:
        allowed = count(key, math.ceil(ends_in) + 1) <= limit
    return Verdict(allowed=allowed, retry_after=Wait(ends_in, period))


def _uses_leases() -> bool:
    """Leases only save round trips to a shared cache; a per-process cache is counted exactly."""
    return not isinstance(caches["default"], LocMemCache)


# --- The 429 page --------------------------------------------------------------------------------


def wait_words(seconds: float) -> str:
    """ "in about 45 seconds", "in about 5 minutes": when to try again, in words."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return f"in about {whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(whole / 60)
    if minutes < 60:
        return f"in about {minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"in about {hours} hour{'s' if hours != 1 else ''}"


def long_wait(seconds: float) -> bool:
    """A day's allowance used up (the register's searches), not a burst: the words say so
    rather than "in a short time". Read from the window's length when the wait knows it (a
    `Wait`: in the day's last hour the wait is short, the allowance still a day's), else a wait
    of an hour or more."""
    period = getattr(seconds, "period", 0)
    if period:
        return period >= DAY
    return seconds >= 3600


def too_many_words(seconds: float) -> str:
    """The API's and a program's words for a 429, the page's in one sentence."""
    when = "today" if long_wait(seconds) else "in a short time"
    return f"Too many requests from you {when}. Try again {wait_words(seconds)}."


def too_many_requests(request: HttpRequest, retry_after: float) -> HttpResponse:
    """The 429 page: says when to try again, in words and in Retry-After. A program (a wallet
    fetching a credential, a webhook sender) gets the same words as JSON."""
    seconds = Wait(max(1, math.ceil(retry_after)), getattr(retry_after, "period", 0))
    if wants_json(request):
        response = json_error(
            request, status=429, detail=too_many_words(seconds), kind="too-many-requests"
        )
    else:
        context = {"wait": wait_words(seconds), "daily": long_wait(seconds)}
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(int(seconds))
    return response


# --- Pages ---------------------------------------------------------------------------------------


def _route(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def page_limit(request: HttpRequest, route: str | None) -> Verdict | None:
    """Count this page request; None when no limit applies to it."""
    routes = settings.PAGE_RATE_ROUTES
    group = None
    if route is not None:
        group = routes.get(f"{request.method} {route}") or routes.get(route)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    if group is None:
        if signed_in:
            return None
        group = "pages"
    return group_limit(request, group)


def group_limit(request: HttpRequest, group: str) -> Verdict:
    """Count this request in `group` of `settings.PAGE_RATES`: per account when signed in, else
    per client address. The API's doors to what a page does (verifying a number, checking a
    credential) count here too (`rest/throttling.PageGroupThrottle`): one allowance for both."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    who = f"user-{user.pk}" if signed_in and user is not None else rate_limit_key(request)
    return hit(f"page:{group}:{who}", settings.PAGE_RATES[group])


class RateLimitMiddleware:
    """Per-address (and, on named routes, per-account) limits on pages; after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_page_limit_counted", False) or _is_api(request):
            return response
        # No route matched (a 404 before any view): it still counts for the visitor.
        verdict = page_limit(request, None)
        if verdict is not None and not verdict.allowed:
            return too_many_requests(request, verdict.retry_after)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        request._page_limit_counted = True  # type: ignore[attr-defined]
        route = _route(request)
        if route is not None and route.startswith(f"{API_NAMESPACE}:"):
            return None  # the API's own throttles answer with problem documents
        verdict = page_limit(request, route)
        if verdict is not None and not verdict.allowed:
            return too_many_requests(request, verdict.retry_after)
        return None


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")
