"""Undo for a removal (ADR 0040): the row is marked removed (`removed_at`) rather than deleted,
hidden from every ordinary read by `NotRemovedManager`, put back by its owner within
`UNDO_WINDOW`, and deleted for good by a daily purge once the window has passed."""

from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from certify.core.errors import DomainError

UNDO_WINDOW = timedelta(minutes=10)
UNDO_MINUTES = int(UNDO_WINDOW.total_seconds() // 60)


class NotRemovedManager(models.Manager[Any]):
    """The model's default manager: rows not removed. Reverse relations and prefetches use it,
    so a removed row counts nowhere; the model keeps a plain manager for the undo and purge."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(removed_at__isnull=True)


class WithRemovedManager(models.Manager[Any]):
    """Every row, removed or not: for the undo, the purge and a person's data export."""


def undo_deadline(removed_at: datetime) -> datetime:
    return removed_at + UNDO_WINDOW


def require_undoable(
    removed_at: datetime | None, *, what: str, now: datetime | None = None
) -> None:
    """Refuse, in the person's words, an undo of something not removed or removed too long ago."""
    if removed_at is None:
        raise DomainError(f"There is nothing to undo: {what} is not removed.")
    if (now or timezone.now()) > undo_deadline(removed_at):
        raise DomainError(
            f"It is too late to undo: a removal can be undone for {UNDO_MINUTES} minutes. "
            f"Add {what} again if you need it."
        )


def recently_removed(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The rows of `queryset` (read through the plain manager) that can still be put back."""
    return queryset.filter(removed_at__gte=timezone.now() - UNDO_WINDOW).order_by("-removed_at")


def purge_before() -> datetime:
    """Rows removed before this moment can no longer be put back: the purge deletes them."""
    return timezone.now() - UNDO_WINDOW
