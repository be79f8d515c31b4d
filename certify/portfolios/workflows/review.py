"""One reviewer's assignment to one submitted version: waiting → completed by that reviewer, or
withdrawn when staff put another reviewer in their place, or by Certify when the reviewer's role
ended or she declared a conflict with the candidate (Certify then assigns the next eligible
reviewer, `services.given_back`, or the version waits for staff when nobody may take it), or
when the candidate closed their account (nobody takes it over: `services.closed_candidate`)."""

from typing import Any

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    WorkflowModel,
    WorkflowSpec,
    assigned,
    move,
    role,
    system,
)

CANDIDATE_PATH = "submission.portfolio.planned_set.application.candidate"


def _candidate_id(a: Any) -> Any:
    return a.submission.portfolio.planned_set.application.candidate_id


# A reviewer who declared a conflict with the candidate after being assigned is refused too:
# staff give the review to someone else.
REVIEWER = assigned(
    "the assigned reviewer",
    lambda actor, a: a.reviewer_id == actor.pk and actor.pk != _candidate_id(a),
    own_case=lambda actor, a: a.reviewer_id == actor.pk == _candidate_id(a),
    parties=lambda a: {_candidate_id(a)},
    colleague="reviewer (program staff reassign it)",
)
STAFF = role(
    Role.PROGRAM_STAFF, "program staff other than the candidate", not_subject=(CANDIDATE_PATH,)
)

ROLE_ENDED = system(
    "Certify, when the reviewer's role ended, she declared a conflict or the candidate closed "
    "their account"
)

__all__ = ["REVIEWER", "ROLE_ENDED", "STAFF", "ReviewAssignmentWorkflow"]


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
        by=[STAFF, ROLE_ENDED],
        label="Give the review to another reviewer",
    )
    def withdraw(self) -> None:
        pass
