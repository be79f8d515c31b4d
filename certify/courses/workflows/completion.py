"""The course-completion workflow: a completion waits for the course's provider or program staff
to confirm it; nobody confirms their own.

A candidate records a completion of the course they chose, so the course named on it is the tie
to the provider (plans do not name a provider of their own). A provider's report (CSV, API or
the one-completion form) that Certify matched to a consenting candidate is confirmed by Certify
itself when the candidate expected it (their plan names that course for the set): the report is
the provider's word. A completion the candidate did not expect (consent by invitation only, or a
row staff matched by hand) waits for the candidate, or staff, to confirm it (ADR 0021).
`CourseCompletion` inherits this; the audit row is the record of each move.
"""

from typing import Any

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    Relation,
    System,
    WorkflowModel,
    WorkflowSpec,
    assigned,
    move,
    role,
)
from certify.courses.workflows.relations import acts_for, acts_with_role, staff_outside

# CourseCompletion.Source values
PROVIDER_REPORTS = ("provider_csv", "provider_api", "provider_form")

STAFF = role(
    Role.PROGRAM_STAFF, "program staff other than the candidate", not_subject=("candidate",)
)
PROVIDER = assigned(
    "the course provider's staff other than the candidate",
    lambda actor, c: actor.pk != c.candidate_id and acts_with_role(actor, c.course.provider_id),
    own_case=lambda actor, c: actor.pk == c.candidate_id and acts_for(actor, c.course.provider_id),
    parties=lambda c: {c.candidate_id},
    colleague="colleague or program staff",
)


def _matched_report(actor: Any, completion: Any) -> bool:
    # Not a row the candidate reported about themselves (a provider's staff member enrolled as a
    # candidate): that one waits for a colleague or staff.
    return (
        isinstance(actor, System)
        and completion.source in PROVIDER_REPORTS
        and completion.reported_by_id != completion.candidate_id
    )


MATCHED_REPORT = Relation(
    "Certify itself, for a provider's report it matched (not the candidate's own)",
    _matched_report,
)
REASON_FOR_CANDIDATE = "Give a reason: the candidate will read it."
CANDIDATE = assigned(
    "the candidate themselves, when someone else reported it",
    lambda actor, c: actor.pk == c.candidate_id and c.reported_by_id != actor.pk,
)
# An unexpected completion waits for someone other than whoever put it there: not the staff
# member who matched it by hand, nor the person who reported it, nor anyone who acts for the
# provider whose report it is (answering for the candidate would be its own word twice).
OTHER_STAFF = staff_outside(
    lambda c: c.course.provider_id,
    "program staff other than the candidate, the provider's people and whoever reported or "
    "matched it",
    not_subject=("candidate", "decided_by", "reported_by"),
)

__all__ = [
    "CANDIDATE",
    "MATCHED_REPORT",
    "OTHER_STAFF",
    "PROVIDER",
    "STAFF",
    "CourseCompletionWorkflow",
]


class CourseCompletionWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        AWAITING = "awaiting", "Waiting for the candidate to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not confirmed"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(
        name="course_completion",
        noun="completion",
        event_data=("candidate", "course", "application"),
    )

    class Meta:
        abstract = True

    @move(
        "status",
        source=S.PENDING,
        target=S.CONFIRMED,
        by=[STAFF, PROVIDER, MATCHED_REPORT],
        label="Confirm",
    )
    def confirm(self) -> None:
        pass

    @move(
        "status",
        source=S.PENDING,
        target=S.REJECTED,
        by=[STAFF, PROVIDER],
        label="Do not confirm",
        reason=REASON_FOR_CANDIDATE,
    )
    def reject(self) -> None:
        pass

    @move(
        "status",
        source=S.PENDING,
        target=S.AWAITING,
        by=[STAFF, MATCHED_REPORT],
        label="Ask the candidate",
    )
    def ask_candidate(self) -> None:
        pass

    @move(
        "status",
        source=S.AWAITING,
        target=S.CONFIRMED,
        by=[CANDIDATE, OTHER_STAFF],
        label="Yes, I completed it",
    )
    def candidate_confirm(self) -> None:
        pass

    @move(
        "status",
        source=S.AWAITING,
        target=S.REJECTED,
        by=[CANDIDATE, OTHER_STAFF],
        label="No, I did not complete it",
    )
    def candidate_reject(self) -> None:
        pass
