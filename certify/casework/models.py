"""Casework that program staff do around a case (ADR 0048): internal notes, who the case is
assigned to, and each staff member's saved queue filters.

A *case* is any model that inherits `StaffCase` (today an application, a portfolio and a
renewal). casework knows no domain app: a note points at its case through a content type and an
id, and a case model says what casework needs to know about it (its kind, the permission to
work on it, whose case it is, the time zone its dates are shown in, its staff page).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models


class StaffCase(models.Model):
    """What a case model inherits: the staff member it is assigned to, and its notes (deleted
    with the case). A concrete case sets `case_kind` and `case_permission` and defines
    `case_subject()`, `case_time_zone()` and `get_staff_url()`."""

    case_kind: ClassVar[str] = ""  # the URL's name for this kind: "application", …
    case_permission: ClassVar[str] = ""  # who may read and work on the case (program staff)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member working on this case (a program staff member).",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    case_notes = GenericRelation("casework.CaseNote")

    class Meta:
        abstract = True

    def case_subject(self) -> Any:  # pragma: no cover - each case defines it
        """The person the case is about (whose personal data its notes are)."""
        raise NotImplementedError

    def case_time_zone(self) -> str:  # pragma: no cover - each case defines it
        raise NotImplementedError

    def get_staff_url(self) -> str:  # pragma: no cover - each case defines it
        raise NotImplementedError


class CaseNote(models.Model):
    """An internal note by a staff member on a case: never shown to the person it is about,
    reviewers or anyone but program staff; kept as written (no edit, no delete), audited."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="case_notes_about",
        help_text="The person the case is about: the note is their personal data.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="case_note_case_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.content_type.model} {self.object_id}"


class SavedFilter(models.Model):
    """One staff member's named filter of one staff queue: the queue's URL name and its query
    string, shown as a link on that queue to its owner only."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    queue = models.CharField(max_length=60)
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "queue", "name"], name="saved_filter_name_once_per_queue"
            )
        ]

    def __str__(self) -> str:
        return self.name
