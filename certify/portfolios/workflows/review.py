"""One reviewer's assignment to one submitted version: waiting → completed by that reviewer, or
withdrawn when staff put another reviewer in their place."""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, assigned, move, role

REVIEWER = assigned("the assigned reviewer", lambda actor, a: a.reviewer_id == actor.pk)
STAFF = role(
    Role.PROGRAM_STAFF,
    "program staff other than the candidate",
    not_subject=("submission.portfolio.planned_set.application.candidate",),
)

__all__ = ["REVIEWER", "STAFF", "ReviewAssignmentWorkflow"]


class ReviewAssignmentWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Waiting for the review"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.ASSIGNED, protected=True
    )
    workflow = WorkflowSpec(name="review", noun="review")

    class Meta:
        abstract = True

    @move("status", source=S.ASSIGNED, target=S.COMPLETED, by=[REVIEWER], label="Complete")
    def complete(self) -> None:
        pass

    @move(
        "status",
        source=S.ASSIGNED,
        target=S.WITHDRAWN,
        by=[STAFF],
        label="Give the review to another reviewer",
    )
    def withdraw(self) -> None:
        pass
