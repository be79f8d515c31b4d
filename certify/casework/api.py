"""casework's interface for other apps (ADR 0048).

- `StaffCase`: the abstract model a case inherits (assignment and notes).
- `case_note_add`, `case_assign`: the writes, for every kind of case (the pages and the API).
- `case_notes`, `staff_members`: the reads; `case_notes_for(*, case, reader)` the notes as a
  reader may see them (an `OwnCaseError` on their own case).
- `ASSIGNED_CHOICES`, `assignment_q`: a queue's "Assigned to me" / "Unassigned" filter.
- `own_case_refusal(case, viewer)`: why staff who are the case's candidate may not open its
  staff page ('' when they may); `own_case_page(request, case, own_url)` the 403 page then.
"""

from certify.casework.cases import ASSIGNED_CHOICES, MINE, UNASSIGNED, assignment_q
from certify.casework.models import CaseNote, StaffCase
from certify.casework.own_case import own_case_page, own_case_refusal
from certify.casework.selectors import case_notes, staff_members
from certify.casework.services import case_assign, case_note_add, case_notes_for

__all__ = [
    "ASSIGNED_CHOICES",
    "MINE",
    "UNASSIGNED",
    "CaseNote",
    "StaffCase",
    "assignment_q",
    "case_assign",
    "case_note_add",
    "case_notes",
    "case_notes_for",
    "own_case_page",
    "own_case_refusal",
    "staff_members",
]
