"""The public verification page and answer, kept in the shared cache.

Verification is the busiest public read: every QR code scanned, every employer checking a
number. What it shows changes only when the certificate is saved (a status change, a renewal
replacing it), when a day passes (a valid certificate becomes "expired" after its last day), or
when staff reopen renewal of a lapsed certificate ("Lapsed" becomes "Expired" again).
So the finished page (for visitors who are not signed in) and the finished JSON answer are kept
in the cache under the certificate number and today's date (and quarter hour), and dropped as
soon as a save of that certificate commits (`forget`, connected in `apps.py`), or a change
that does not save it (a reinstatement of a lapsed certificate, in renewals: `status_changed`).

Kept only when `VERIFICATION_CACHE_SECONDS` > 0, which settings do only with a shared cache
(Redis or the database cache): with a cache per process, one app process could not tell the
others that a certificate was revoked. The entry also expires after that many seconds, which
bounds what a change of the program's name, or a read racing a save, can leave behind.

Unknown numbers are never kept, so a certificate is found the moment it is issued.

With a read replica, these pages read from it, and a replica may lag a moment behind the primary.
So when a change commits, the certificate is also marked "changed" for `CHANGED_SECONDS`: while
the mark lasts, a page built for the cache reads from the primary, so a lagging replica's old
status is never the one kept.

With Redis, each app process also keeps its own copy of the entries it served
(`certify/core/nearcache.py`): Redis tells every process the moment an entry changes (a save's
`forget`, a new entry, its expiry), so a copy is never served after the change reached Redis, and
a kept answer costs no round trip.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from certify.certificates.numbers import number_normal
from certify.core import nearcache
from certify.core.db_router import on_primary
from certify.core.nearcache import NearCache

KINDS = ("page", "api")
# How long after a change the kept pages are built from the primary (far above a healthy
# replica's lag, which is well under a second).
CHANGED_SECONDS = 60


def enabled() -> bool:
    return settings.VERIFICATION_CACHE_SECONDS > 0


def _key(kind: str, number: str) -> str:
    """Today's key, in fifteen-minute slots: a certificate's day ends at midnight in its
    program's time zone, which need not be the site's, and every time zone's midnight falls on
    a quarter hour, so a kept "valid" never outlives the certificate's last day."""
    now = timezone.now()
    slot = f"{now:%H}{now.minute // 15}"
    return f"verify:{kind}:{number_normal(number)}:{timezone.localdate().isoformat()}:{slot}"


def _changed_key(number: str) -> str:
    return f"verify:changed:{number_normal(number)}"


def _near() -> NearCache | None:
    """This process's copies of kept answers (certify/core/nearcache.py)."""
    return nearcache.for_default_cache("verify:")


def cached(kind: str, number: str, build: Callable[[], bytes | None]) -> bytes | None:
    """The kept body for `number`, or `build()`'s (kept when it found a certificate)."""
    key = _key(kind, number)
    near = _near()
    if near is not None:
        body: bytes | None = near.get(cache.make_key(key))
        if body is not None:
            return body
        epoch = near.epoch
    found = cache.get_many([key, _changed_key(number)])
    body = found.get(key)
    if body is not None:
        if near is not None:  # read from Redis: Redis will tell when it changes
            near.put(cache.make_key(key), body, epoch=epoch, seconds=_seconds())
        return body
    if _changed_key(number) in found:
        with on_primary():  # changed moments ago: the replica may not have it yet
            body = build()
    else:
        body = build()
    if body is not None:
        # Copied here only when read back from Redis: a write that did not reach it (skipped
        # while Redis is unreachable) would be a copy whose change nobody announces.
        cache.set(key, body, _seconds())
    return body


def _seconds() -> int:
    return int(settings.VERIFICATION_CACHE_SECONDS)


def forget(number: str | None) -> None:
    """Drop what is kept for `number` (today's entries: earlier days' keys are never read)."""
    if number:
        keys = [_key(kind, number) for kind in KINDS]
        cache.delete_many(keys)
        near = _near()
        if near is not None:  # the other processes hear it from Redis
            near.drop([cache.make_key(key) for key in keys])


def changed(number: str | None) -> None:
    """A change of `number` committed: drop what is kept and read it from the primary for a
    while."""
    if number:
        forget(number)
        cache.set(_changed_key(number), 1, CHANGED_SECONDS)


def status_changed(number: str | None) -> None:
    """What `number`'s pages show changed: forget them now (so a read inside the same
    transaction cannot serve the old status either) and again once the change is committed.
    A save of the certificate calls it (`certificate_saved`); so must any change of what the
    page shows that does not save the certificate's row (renewals' reinstatement of a lapsed
    certificate, `certificates.api.verification_status_changed`)."""
    if not enabled() or not number:
        return
    forget(number)
    transaction.on_commit(lambda: changed(number))


def certificate_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save of Certificate: its pages are forgotten (`status_changed`)."""
    status_changed(instance.number)
