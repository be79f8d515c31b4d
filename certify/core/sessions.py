"""Sessions read from the shared cache, written through to the database (Django's `cached_db`),
with this process's own copy of each session it read from Redis (certify/core/nearcache.py).

Every signed-in request reads its session first: on Redis that is a round trip, about as much of
the app's CPU as the signed-in person's row (ADR 0063). Redis tells each process the moment a
session entry changes (saved, signed out, expired, evicted, flushed), so a process may answer
from its copy until then, as the verification answers do (ADR 0066). A copy is kept as the
pickled data, so each request gets its own dictionary to change; only what was read from Redis
is copied (a session written by this process is copied on its next read, after Redis has it);
each copy lives at most `NEAR_SECONDS`, less than a session's own lifetime ends late by at most
that (the browser's cookie ends with it anyway). Without Redis (a database cache, or none) this is
Django's `cached_db` unchanged.

Still read on every request, so they take effect on the next one: the person's row (deactivation,
roles, two-factor state, a changed password ending other sessions: Django compares the session's
hash with the row).
"""

import pickle
from typing import Any

from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from certify.core import nearcache

# How long a copy may be served, at most (seconds); Redis's messages end it sooner.
NEAR_SECONDS = 30


class SessionStore(CachedDbStore):
    # Django's own attributes, which django-stubs does not declare
    _cache: Any
    _get_session_from_db: Any

    def load(self) -> dict[str, Any]:
        near = nearcache.for_default_cache(KEY_PREFIX)
        if near is None or not self.session_key:
            return super().load()
        key = self._cache.make_key(self.cache_key)
        kept = near.get(key)
        if kept is not None:
            return pickle.loads(kept)  # noqa: S301  (our own pickle of what Redis held)
        epoch = near.epoch
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # as Django's: a key the cache refuses resets the session
            data = None
        if data is None:  # from the database, written back to Redis (copied next time)
            row = self._get_session_from_db()
            if not row:
                return {}
            data = self.decode(row.session_data)
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
            return data
        near.put(key, pickle.dumps(data), epoch=epoch, seconds=NEAR_SECONDS)
        return data
