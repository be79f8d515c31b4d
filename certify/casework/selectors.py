"""Reads of casework: a case's notes, the staff who may be assigned, saved filters."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from certify.accounts.api import user_list
from certify.accounts.models import Role, User
from certify.casework.models import CaseNote, SavedFilter, StaffCase


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


def saved_filter_find(*, owner: User, pk: int) -> SavedFilter | None:
    """The owner's own saved filter, or None (another person's is never found)."""
    return SavedFilter.objects.filter(owner=owner, pk=pk).first()
