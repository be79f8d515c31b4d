"""The provider workflow: an organisation registers and waits for program staff to approve it.

`Provider` inherits this; no history table: the audit row the engine writes is the record.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move
from certify.courses.workflows.relations import staff_outside

STAFF = staff_outside(
    lambda provider: provider.pk,
    "program staff who do not act for the organization and did not register it",
    not_subject=("registered_by",),
)

REASON = "Give the reason: the provider and the candidates who chose its courses read it."

__all__ = ["STAFF", "ProviderWorkflow"]


class ProviderWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval by program staff"
        APPROVED = "approved", "Approved"
        SUSPENDED = "suspended", "Approval suspended by program staff"
        REVOKED = "revoked", "Approval revoked by program staff"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(name="provider", noun="provider", event_data=("name",))

    class Meta:
        abstract = True

    @move("status", source=S.PENDING, target=S.APPROVED, by=[STAFF], label="Approve")
    def approve(self) -> None:
        pass

    # Program staff stop the provider's approval and every running approval of its courses with
    # it (ADR 0009); a suspended one may be reinstated.
    @move(
        "status", source=S.APPROVED, target=S.SUSPENDED, by=[STAFF], label="Suspend", reason=REASON
    )
    def suspend(self) -> None:
        pass

    @move(
        "status",
        source=[S.APPROVED, S.SUSPENDED],
        target=S.REVOKED,
        by=[STAFF],
        label="Revoke",
        reason=REASON,
    )
    def revoke(self) -> None:
        pass

    @move(
        "status",
        source=S.SUSPENDED,
        target=S.APPROVED,
        by=[STAFF],
        label="Reinstate",
        reason=REASON,
    )
    def reinstate(self) -> None:
        pass
