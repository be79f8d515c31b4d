"""Reads of casework: a case's notes, the staff who may be assigned, saved filters."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from certify.accounts.api import user_list
from certify.accounts.models import Role, User
from certify.casework.models import CaseNote, SavedFilter, StaffCase
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


def saved_filter_find(*, owner: User, pk: int) -> SavedFilter | None:
    """The owner's own saved filter, or None (another person's is never found)."""
    return SavedFilter.objects.filter(owner=owner, pk=pk).first()
