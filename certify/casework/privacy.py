"""casework's part of a person's data: the internal notes staff wrote about their cases (the
notes are about them, so they are in their download), and the queue filters they saved.
Closing the account deletes both: the decisions on the cases keep their own reasons.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.casework.models import CaseNote, SavedFilter


def _erase_casework(user: User) -> None:
    CaseNote.objects.filter(subject=user).delete()
    SavedFilter.objects.filter(owner=user).delete()


@privacy_part("casework", erase=_erase_casework)
def _casework(user: User) -> dict[str, Any]:
    notes = CaseNote.objects.filter(subject=user).select_related("content_type")
    return {
        "staff_notes_about_you": [
            {
                "id": note.pk,
                "case": f"{note.content_type.model} {note.object_id}",
                "written_at": note.created_at,
                "text": note.body,
            }
            for note in notes
        ],
        "saved_filters": rows(SavedFilter.objects.filter(owner=user)),
    }
