"""Casework on an application through the API (ADR 0048): its internal notes and who it is
assigned to. Program staff only (the `staff` scope), like the staff application operations.

Portfolios and renewals have no staff operations in the API yet, so their notes and assignment
are on the pages only (docs/integration.md lists the exemption)."""

from datetime import datetime
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from certify.accounts.api import listed_name, references_attach
from certify.accounts.models import User
from certify.applications.models import Application
from certify.casework import api as casework
from certify.core.errors import DomainError
from certify.rest.applications import staff_router
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema


class NoteOut(Schema):
    id: int
    author: str = Field(description="The staff member who wrote it (their name or address).")
    created_at: datetime
    body: str

    @staticmethod
    def resolve_author(obj: casework.CaseNote) -> str:
        # As staff lists name people (ADR 0016): never the closure's placeholder.
        return listed_name(obj.author) if obj.author else "A former staff member"

    model_config = example(
        {
            "id": 12,
            "author": "Pat Program",
            "created_at": "2026-11-30T15:04:00Z",
            "body": "Called the employer: the hours are right.",
        }
    )


class NoteIn(InputSchema):
    body: str = Field(max_length=20000, description="The note; kept as written.")

    model_config = example({"body": "Called the employer: the hours are right."})


class AssignmentIn(InputSchema):
    assignee_id: int | None = Field(
        description="A program staff member's user id; null to unassign."
    )

    model_config = example({"assignee_id": 7})


class AssignmentOut(Schema):
    application_id: int
    assignee_id: int | None
    assignee: str | None
    assigned_at: datetime | None


def _staff_application(request: HttpRequest, application_id: int) -> Application:
    if not request.user.has_perm("applications.review_applications"):
        raise PermissionDenied
    return get_object_or_404(Application, pk=application_id)


@staff_router.get(
    "/{application_id}/notes",
    response=list[NoteOut],
    summary="An application's internal notes (staff)",
)
def application_notes(request: HttpRequest, application_id: int):
    """Newest first. Never shown to the candidate, reviewers or anyone but program staff, nor
    to program staff on their own application (400, with the reason)."""
    application = _staff_application(request, application_id)
    notes = list(casework.case_notes_for(case=application, reader=cast(User, request.user)))
    references_attach(note.author for note in notes)  # closed accounts' numbers, in one query
    return notes


@staff_router.post(
    "/{application_id}/notes",
    response={201: NoteOut},
    summary="Add an internal note to an application (staff)",
)
def application_note_add(request: HttpRequest, application_id: int, payload: NoteIn):
    """An empty note, or one over 5,000 characters, is a 400 naming the field `body`."""
    application = _staff_application(request, application_id)
    note = casework.case_note_add(
        case=application, actor=cast(User, request.user), body=payload.body
    )
    return Status(201, note)


@staff_router.put(
    "/{application_id}/assignment",
    response=AssignmentOut,
    summary="Assign an application to a staff member (staff)",
)
def application_assign(request: HttpRequest, application_id: int, payload: AssignmentIn):
    """The assignee must hold the program staff role (else a 400 naming `assignee`)."""
    application = _staff_application(request, application_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id).first()
        if assignee is None:
            raise DomainError("No such person.", field="assignee")
    done = casework.case_assign(case=application, actor=cast(User, request.user), assignee=assignee)
    return {
        "application_id": done.pk,
        "assignee_id": done.assigned_to_id,
        "assignee": str(done.assigned_to) if done.assigned_to else None,
        "assigned_at": done.assigned_at,
    }
