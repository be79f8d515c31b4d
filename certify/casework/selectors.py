"""Reads of casework: a case's notes, the staff who may be assigned, saved filters."""

from __future__ import annotations

from typing import NamedTuple
from uuid import uuid4

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from certify.accounts.api import user_list
from certify.accounts.models import Role, User
from certify.casework.models import CaseNote, SavedFilter, StaffCase
from certify.core import nearcache
from certify.core.kept import may_keep
from certify.core.precompiled import Precompiled


def case_notes(case: StaffCase) -> QuerySet[CaseNote]:
    """A case's notes, newest first, with their authors (one query)."""
    return CaseNote.objects.filter(
        content_type=ContentType.objects.get_for_model(case), object_id=case.pk
    ).select_related("author")


def staff_members() -> QuerySet[User]:
    """Everyone a case may be assigned to: active program staff, by name."""
    return user_list(role=Role.PROGRAM_STAFF).filter(is_active=True).distinct()


def saved_filters_for(*, owner: User, queue: str) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(owner=owner, queue=queue)


# Every staff queue page reads its owner's filters: compiled once per process and queue (the
# queues are the URL names that show the filters, a handful; ADR 0062), and prepared on
# PostgreSQL (planned once per connection, not on every page; ADR 0065).
_filter_lists: dict[str, Precompiled[SavedFilter]] = {}


def saved_filter_list_for(*, owner: User, queue: str) -> list[SavedFilter]:
    """`saved_filters_for` as a list."""
    if queue not in _filter_lists:

        def build(*, owner_id: int) -> QuerySet[SavedFilter]:
            return SavedFilter.objects.filter(owner_id=owner_id, queue=queue)

        _filter_lists[queue] = Precompiled(build, ints=("owner_id",))
    return _filter_lists[queue].run(owner_id=owner.pk)


class SavedFilterRow(NamedTuple):
    """What a queue shows of a saved filter (the link, its name, its delete link)."""

    pk: int
    name: str
    query: str


# A staff member's saved filters on a queue are read on every page of that queue. With a shared
# cache (SHARED_CACHE) they are kept there under a version of the person's filters, and read with
# that version in one look-up from this process's copies (certify/core/nearcache.py): any save or
# delete of one of the person's filters, once committed, writes a new version (`filters_changed`,
# connected in apps.py), and Redis's message about it drops the version's copy in every process
# before its next look-up. FILTERS_SECONDS bounds what a write outside the ORM could leave.
FILTERS_PREFIX = "casework:saved-filters:"
FILTERS_SECONDS = 600
NEAR_SECONDS = 60
NEAR_ENTRIES = 2048


def _filters_version_key(owner_id: int) -> str:
    return f"{FILTERS_PREFIX}{owner_id}:version"


def saved_filter_rows_for(*, owner: User, queue: str) -> list[SavedFilterRow]:
    """The owner's filters on this queue, by name: kept (above) when the cache is shared."""
    if not may_keep():
        return _filter_rows(owner, queue)
    version_key, rows_key = _filters_version_key(owner.pk), f"{FILTERS_PREFIX}{owner.pk}:{queue}"
    found = nearcache.get_many(
        FILTERS_PREFIX, [version_key, rows_key], seconds=NEAR_SECONDS, max_entries=NEAR_ENTRIES
    )
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, uuid4().hex, None)
        version = cache.get(version_key)
        if version is None:  # the cache could not be reached
            return _filter_rows(owner, queue)
    kept = found.get(rows_key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version:
        return list(kept[1])
    rows = _filter_rows(owner, queue)
    # Filed under the version read before the rows: a change committed meanwhile has written a
    # newer one, so these are never used after it.
    cache.set(rows_key, (version, tuple(rows)), FILTERS_SECONDS)
    return rows


def _filter_rows(owner: User, queue: str) -> list[SavedFilterRow]:
    return [
        SavedFilterRow(f.pk, f.name, f.query)
        for f in saved_filter_list_for(owner=owner, queue=queue)
    ]


def filters_changed(*, instance: SavedFilter, **_kwargs: object) -> None:
    """A saved filter was saved or deleted: once committed, its owner's kept filters are not
    used again. (After the commit, so that a request reading meanwhile cannot keep the old rows
    under the new version.)"""
    key = _filters_version_key(instance.owner_id)
    transaction.on_commit(lambda: cache.set(key, uuid4().hex, None))


def saved_filter_find(*, owner: User, pk: int) -> SavedFilter | None:
    """The owner's own saved filter, or None (another person's is never found)."""
    return SavedFilter.objects.filter(owner=owner, pk=pk).first()
