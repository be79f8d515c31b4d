"""A person's application to a fund: waiting for a decision → awarded, not awarded or withdrawn.

The applicant withdraws their own. The fund's sponsor decides: its administrators and committee,
never on their own application. A random draw is run by one of them, and the awards and refusals
it makes are that person's moves (the same relation applies to each one, so a drawer who applied
is refused, and every decision names who ran the draw), not Certify's: awarding money is never
open to Certify itself. `ScholarshipApplication` inherits this.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, themselves
from certify.scholarships.workflows.sponsor import sponsor_people

APPLICANT = themselves("applicant", "the applicant themselves")
COMMITTEE = sponsor_people(
    "the sponsor's administrators and committee other than the applicant",
    other_than="applicant",
)
REASON_FOR_APPLICANT = "Say why it is not awarded: the applicant reads this."

__all__ = ["APPLICANT", "COMMITTEE", "ScholarshipApplicationWorkflow"]


class ScholarshipApplicationWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a decision"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Not awarded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.SUBMITTED, protected=True
    )
    workflow = WorkflowSpec(
        name="scholarship_application",
        noun="scholarship application",
        event_data=("applicant", "fund"),
    )

    class Meta:
        abstract = True

    @move("status", source=S.SUBMITTED, target=S.WITHDRAWN, by=[APPLICANT], label="Withdraw")
    def withdraw(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.AWARDED, by=[COMMITTEE], label="Award")
    def grant(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.DECLINED,
        by=[COMMITTEE],
        label="Do not award",
        reason=REASON_FOR_APPLICANT,
    )
    def decline(self) -> None:
        pass
