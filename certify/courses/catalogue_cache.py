"""The public catalogue page, kept in the shared cache for visitors who are not signed in.

The catalogue is read far more than it changes, and every visitor who is not signed in gets the
same page for the same filters. What it shows changes only when a course, a provider, a
competency set or the program is saved or deleted (a course approved, withdrawn, renamed,
repriced; a provider renamed...) or when a day passes (an approval ends after its last day in
the program's time zone: the key changes every quarter hour, when some time zone's midnight may
fall).

So the finished page (and the htmx results fragment) is kept under today's date, the quarter
hour and the request's filters, together with the catalogue's *generation*: a random token that
`forget` replaces, at once and again when the transaction commits, whenever one of those models
is saved or deleted (signals connected in `apps.py`; nothing changes them with
`QuerySet.update()`). A kept page
whose generation is no longer the current one is never served. A read racing a save stores its
page under the old generation, so it is never served either; a read inside an open transaction
(which could see a write that is then rolled back) keeps nothing. On a miss the page is built from
the primary database, not the read replica, so a lagging replica cannot be kept as current.

Kept only with a shared cache (`settings.SHARED_CACHE`: Redis or the database cache): with a
cache per process, one app process could not tell the others that a course was withdrawn. The
entry also expires after `SECONDS`, which bounds what a deploy that changes the page can leave.
"""

import hashlib
from collections.abc import Callable
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

GENERATION_KEY = "catalogue:generation"
SECONDS = 600


def enabled() -> bool:
    return bool(getattr(settings, "SHARED_CACHE", False))


def _key(request: HttpRequest, *, partial: bool) -> str:
    filters = sorted((name, value) for name, values in request.GET.lists() for value in values)
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    kind = "results" if partial else "page"
    # In fifteen-minute slots: an approval runs through its last day in the program's time zone,
    # which need not be the site's, and every time zone's midnight falls on a quarter hour.
    now = timezone.now()
    slot = f"{now:%H}{now.minute // 15}"
    return f"catalogue:{kind}:{timezone.localdate().isoformat()}:{slot}:{digest}"


def cached(request: HttpRequest, *, partial: bool, build: Callable[[], bytes]) -> bytes:
    """The kept body for this request's filters if it is still current, else `build()`'s."""
    if transaction.get_connection().in_atomic_block:
        return build()  # it could read a write that is then rolled back: keep nothing
    key = _key(request, partial=partial)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    # An open transaction keeps every read on the primary (core/db_router.py).
    with transaction.atomic():
        body = build()
    cache.set(key, (generation, body), SECONDS)
    return body


def forget() -> None:
    """Make every kept page stale (a new generation)."""
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)


def catalogue_changed(sender: Any, **kwargs: Any) -> None:
    """post_save / post_delete of a course, provider, competency set or program: forget the kept
    pages now (a read in the same transaction must not serve them) and once it commits."""
    if not enabled():
        return
    forget()
    transaction.on_commit(forget)
