"""The renewal workflow, whole: statuses, moves, who may make each, and which need a reason.

`Renewal` inherits this; services move it only through `certify.core.workflow.transition`.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    WorkflowModel,
    WorkflowSpec,
    move,
    role,
    system,
    themselves,
)

HOLDER = themselves("holder", "the holder themselves")
STAFF = role(Role.PROGRAM_STAFF, "program staff other than the holder", not_subject=("holder",))
CERTIFY = system("Certify itself, once the fee is settled")
REASON_FOR_HOLDER = "Give a reason: the holder reads it."

# Staff decisions by name (forms and the API): each is the move of the same name.
ACTION_LABELS = {
    "approve": "Approve: the evidence supports the hours",
    "more_evidence": "Ask for more evidence",
    "refuse": "Refuse the renewal",
}

__all__ = ["ACTION_LABELS", "CERTIFY", "HOLDER", "STAFF", "RenewalWorkflow"]


class RenewalWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for the renewal fee"
        IN_AUDIT = "in_audit", "Evidence being checked by staff"
        MORE_EVIDENCE = "more_evidence", "More evidence asked for"
        APPROVED = "approved", "Renewed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    status = FSMField(
        max_length=14, choices=Status.choices, default=Status.SUBMITTED, protected=True
    )
    workflow = WorkflowSpec(
        name="renewal",
        noun="renewal",
        history="renewals.RenewalTransition",
        history_fk="renewal",
        event_data=("holder", "program", "certificate"),
    )

    class Meta:
        abstract = True

    @move("status", source=S.SUBMITTED, target=S.IN_AUDIT, by=[CERTIFY], label="Check the evidence")
    def send_to_audit(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.APPROVED, by=[CERTIFY], label="Renew")
    def approve_paid(self) -> None:
        pass

    @move("status", source=S.IN_AUDIT, target=S.APPROVED, by=[STAFF], label="Approve")
    def approve(self) -> None:
        pass

    @move(
        "status",
        source=S.IN_AUDIT,
        target=S.MORE_EVIDENCE,
        by=[STAFF],
        label="Ask for more evidence",
        reason=REASON_FOR_HOLDER,
    )
    def more_evidence(self) -> None:
        pass

    @move(
        "status",
        source=[S.IN_AUDIT, S.MORE_EVIDENCE],
        target=S.REFUSED,
        by=[STAFF],
        label="Refuse",
        reason=REASON_FOR_HOLDER,
    )
    def refuse(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.REFUSED,
        by=[STAFF],
        label="Close: the certificate was revoked",
        reason=REASON_FOR_HOLDER,
    )
    def close(self) -> None:
        """Made by the revocation of the certificate (`renewal_certificate_stopped`), in the same
        transaction, by the staff member who revoked it: the fee is no longer owed."""

    @move(
        "status",
        source=S.MORE_EVIDENCE,
        target=S.IN_AUDIT,
        by=[HOLDER],
        label="Send back with the evidence",
    )
    def resubmit(self) -> None:
        pass
