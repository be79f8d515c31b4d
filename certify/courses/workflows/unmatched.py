"""The unmatched-report workflow: a reported completion no enrolled candidate matched waits for
program staff who do not act for the provider to match it to a candidate or dismiss it, with a
reason either way.

Matching also records the candidate's completion, whose own move (`completion.confirm`) refuses
staff who would confirm their own. `UnmatchedCompletion` inherits this; the audit row is the
record of each move.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move
from certify.courses.workflows.relations import staff_outside

# The report is the provider's: its people (program staff too) do not decide what it matches.
STAFF = staff_outside(
    lambda row: row.course.provider_id,
    "program staff who do not act for the provider and did not report it",
    not_subject=("reported_by",),
)

__all__ = ["STAFF", "UnmatchedCompletionWorkflow"]


class UnmatchedCompletionWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for staff"
        MATCHED = "matched", "Matched to a candidate"
        DISMISSED = "dismissed", "Dismissed"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.OPEN, protected=True)
    workflow = WorkflowSpec(
        name="unmatched_completion", noun="unmatched report", event_data=("course",)
    )

    class Meta:
        abstract = True

    @move(
        "status",
        source=S.OPEN,
        target=S.MATCHED,
        by=[STAFF],
        label="Match to a candidate",
        reason="Say why this report is this candidate's (kept in the audit trail).",
    )
    def match(self) -> None:
        pass

    @move(
        "status",
        source=S.OPEN,
        target=S.DISMISSED,
        by=[STAFF],
        label="Dismiss",
        reason="Say why it is dismissed (kept in the audit trail).",
    )
    def dismiss(self) -> None:
        pass
