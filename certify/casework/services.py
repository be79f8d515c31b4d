"""Writes of casework (ADR 0048): a note on a case, the case's assignment, saved filters.

One service for every kind of case: the views of the three staff pages and the API call these.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from certify.accounts.api import has_role, require_role
from certify.accounts.models import Role, User
from certify.casework.models import CaseNote, SavedFilter, StaffCase
from certify.casework.selectors import case_notes
from certify.core.duties import OwnCaseError, conflict_reason, require_not_own
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record

NOTE_MAX = 5000
QUEUES = {  # the staff queues a filter may be saved on (URL name → what staff call it)
    "applications:queue": "Applications",
    "portfolios:staff_submissions": "Portfolio submissions",
    "renewals:staff_queue": "Renewals",
    "payments:staff_invoices": "Invoices",
    "certificates:staff_list": "Certificates",
}
QUERY_SKIP = ("page", "csrfmiddlewaretoken", "format")


OWN_NOTES = "This is your own case: its internal notes and assignment are for other program staff."


def case_notes_for(*, case: StaffCase, reader: User) -> QuerySet[CaseNote]:
    """The case's notes as `reader` may read them: never the notes on their own case (program
    staff who are also its candidate reach its staff page through their staff role)."""
    subject = case.case_subject()
    if subject is not None and subject.pk == reader.pk:
        raise OwnCaseError(OWN_NOTES)
    return case_notes(case)


@transaction.atomic
def case_note_add(*, case: StaffCase, actor: User, body: str) -> CaseNote:
    """Add an internal note to a case. Program staff only; the note is kept as written."""
    require_role(actor, Role.PROGRAM_STAFF, to="write internal notes")
    subject = case.case_subject()
    require_not_own(actor, people=[subject.pk])  # nobody works on their own case
    body = body.strip()
    if not body:
        raise DomainError("Write the note first: it is empty.", field="body")
    if len(body) > NOTE_MAX:
        raise DomainError(
            f"Keep a note under {NOTE_MAX:,} characters (this one has {len(body):,}).",
            field="body",
        )
    note = CaseNote(case=case, subject=subject, author=actor, body=body)
    note.save()
    # The text stays out of the audit trail (it cannot be changed, and a closed account's notes
    # are erased): the row says who added which note to which case.
    audit_record(
        actor=actor,
        verb="casework.note_added",
        target=case,
        data={"note": note.pk, "kind": case.case_kind, "characters": len(body)},
    )
    return note


@transaction.atomic
def case_assign(*, case: StaffCase, actor: User, assignee: User | None) -> StaffCase:
    """Assign a case to a program staff member (None: unassign). Program staff only."""
    require_role(actor, Role.PROGRAM_STAFF, to="assign cases")
    if assignee is not None and not has_role(assignee, Role.PROGRAM_STAFF):
        raise DomainError(
            f"{assignee} is not a program staff member: a case can only be assigned to "
            "program staff.",
            field="assignee",
        )
    subject = case.case_subject()
    require_not_own(actor, people=[subject.pk])
    if assignee is not None and assignee.pk == subject.pk:
        raise DomainError(
            f"{assignee} cannot be assigned their own case: choose another staff member.",
            field="assignee",
        )
    if assignee is not None and conflict_reason(assignee, people=[subject.pk]):
        raise DomainError(
            f"{assignee} declared a conflict of interest with this person: choose another "
            "staff member.",
            field="assignee",
        )
    case = row_lock(case)
    before = case.assigned_to
    if before == assignee:
        return case
    case.assigned_to = assignee
    case.assigned_at = timezone.now() if assignee else None
    case.save(update_fields=["assigned_to", "assigned_at"])
    audit_record(
        actor=actor,
        verb="casework.assigned" if assignee else "casework.unassigned",
        target=case,
        data={
            "kind": case.case_kind,
            "from": before.pk if before else None,
            "to": assignee.pk if assignee else None,
        },
    )
    return case


def filter_query(query: str | QueryDict) -> str:
    """A queue's query string as it is saved: without the page, the token or an export format,
    in a stable order. Given a request's `GET` itself, its values are used as they are (what
    parsing its `urlencode()` again would give, without the round trip)."""
    data = query if isinstance(query, QueryDict) else QueryDict(query)
    pairs = [
        (key, value) for key in sorted(data) if key not in QUERY_SKIP for value in data.getlist(key)
    ]
    return urlencode(pairs)


@transaction.atomic
def saved_filter_save(*, owner: User, queue: str, name: str, query: str) -> SavedFilter:
    """Save a staff queue's current filter under a name, for its owner only."""
    require_role(owner, Role.PROGRAM_STAFF, to="save queue filters")
    if queue not in QUEUES:
        raise DomainError("Filters can be saved on the staff queues only.")
    name = name.strip()
    if not name:
        raise DomainError("Give the filter a name.", field="name")
    if len(name) > 80:
        raise DomainError("Keep the name under 80 characters.", field="name")
    query = filter_query(query)
    if len(query) > 1000:
        raise DomainError("This filter is too long to save.", field="name")
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(owner=owner, queue=queue, name=name, query=query)
    except IntegrityError:
        raise DomainError(
            f"You already have a filter named “{name}” here: choose another name.", field="name"
        ) from None


def saved_filter_delete(*, saved_filter: SavedFilter, actor: User) -> None:
    if saved_filter.owner_id != actor.pk:
        raise DomainError("This is not your saved filter.")
    saved_filter.delete()
