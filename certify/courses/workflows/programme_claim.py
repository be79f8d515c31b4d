"""The programme-claim workflow: a graduate's claim that a recognised college programme covers
sets in their plan waits for program staff other than the graduate.

`ProgrammeClaim` inherits this; the audit row is the record of each move.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, role

STAFF = role(
    Role.PROGRAM_STAFF, "program staff other than the candidate", not_subject=("candidate",)
)
REASON_FOR_CANDIDATE = "Give a reason: the candidate will read it."

__all__ = ["STAFF", "ProgrammeClaimWorkflow"]


class ProgrammeClaimWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for staff"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not confirmed"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(
        name="programme_claim", noun="claim", event_data=("candidate", "programme", "application")
    )

    class Meta:
        abstract = True

    @move("status", source=S.PENDING, target=S.CONFIRMED, by=[STAFF], label="Confirm")
    def confirm(self) -> None:
        pass

    @move(
        "status",
        source=S.PENDING,
        target=S.REJECTED,
        by=[STAFF],
        label="Do not confirm",
        reason=REASON_FOR_CANDIDATE,
    )
    def reject(self) -> None:
        pass
