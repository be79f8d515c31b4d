"""The appeal workflow, whole: notice given → grounds given → upheld or sent back.

The appeal knows who made the decision under appeal: `decided_by`, recorded with the notice from
the decision itself (an application's `decided_by`; empty for a portfolio's verdict, which its
reviewers made: the portfolio's own move refuses them). Neither they nor the appellant review it.
`Appeal` inherits this; services move it only through `certify.core.workflow.transition`.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, role, themselves

APPELLANT = themselves("appellant", "the appellant themselves")
REVIEWER = role(
    Role.PROGRAM_STAFF,
    "program staff other than the appellant and the person who decided",
    not_subject=("appellant", "decided_by"),
)
REASON_FOR_APPELLANT = "Give a reason: the appellant will read it."

__all__ = ["APPELLANT", "REVIEWER", "AppealWorkflow"]


class AppealWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        NOTICE_GIVEN = "notice", "Notice of appeal given"
        GROUNDS_SUBMITTED = "grounds", "Grounds submitted, waiting for review"
        UPHELD = "upheld", "Decision upheld"
        SENT_BACK = "sent_back", "Sent back for a new decision"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.NOTICE_GIVEN, protected=True
    )
    workflow = WorkflowSpec(name="appeal", noun="appeal")

    class Meta:
        abstract = True

    @move(
        "status",
        source=S.NOTICE_GIVEN,
        target=S.GROUNDS_SUBMITTED,
        by=[APPELLANT],
        label="Give the grounds",
    )
    def give_grounds(self) -> None:
        pass

    @move(
        "status",
        source=S.GROUNDS_SUBMITTED,
        target=S.UPHELD,
        by=[REVIEWER],
        label="Uphold the decision",
        reason=REASON_FOR_APPELLANT,
    )
    def uphold(self) -> None:
        pass

    @move(
        "status",
        source=S.GROUNDS_SUBMITTED,
        target=S.SENT_BACK,
        by=[REVIEWER],
        label="Send the decision back",
        reason=REASON_FOR_APPELLANT,
    )
    def send_back(self) -> None:
        pass
