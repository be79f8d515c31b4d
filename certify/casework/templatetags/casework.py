"""`{% case_panel case %}` (assignment and internal notes on a case's staff page) and
`{% saved_filters "queue:url-name" %}` (a staff member's saved filters on a queue)."""

from __future__ import annotations

from typing import Any

from django import template

from certify.accounts.api import actors_attach
from certify.casework import selectors
from certify.casework.forms import AssignForm, NoteForm
from certify.casework.services import case_notes_for, filter_query
from certify.core.duties import OwnCaseError

register = template.Library()


@register.inclusion_tag("casework/case_panel.html", takes_context=True)
def case_panel(
    context: template.Context,
    case: Any,
    note_form: NoteForm | None = None,
    assign_form: AssignForm | None = None,
) -> dict[str, Any]:
    """Two queries: the staff who may be assigned (with their roles) and the case's notes (a
    third for the last roles of the notes' closed authors, when one is closed); on the reader's
    own case neither, and the words why."""
    own_case = ""
    try:
        notes = list(case_notes_for(case=case, reader=context["request"].user))
    except OwnCaseError as error:
        notes, own_case = [], error.message
    actors_attach(note.author for note in notes)  # closed authors' last roles, in one query
    return {
        "case": case,
        "kind": case.case_kind,
        "zone": case.case_time_zone(),
        "own_case": own_case,
        "notes": notes,
        "staff": list(selectors.staff_members()),
        "user": context["request"].user,
        "note_form": note_form or NoteForm(),
        "assign_form": assign_form,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("casework/saved_filters.html", takes_context=True)
def saved_filters(context: template.Context, queue: str) -> dict[str, Any]:
    """The signed-in staff member's filters on this queue: one query, or none when they are
    kept (`selectors.saved_filter_rows_for`)."""
    request = context["request"]
    query = filter_query(request.GET)
    return {
        "queue": queue,
        "saved": selectors.saved_filter_rows_for(owner=request.user, queue=queue),
        "query": query,
        "csrf_token": context.get("csrf_token"),
    }
