"""A supervisor's attestation of one piece of evidence, by signed link (no account): requested →
given or declined, once. The link's own checks (signature, expiry, not removed) are made before
the move; the move checks that the link was made for this item and that it is still requested.

Evidence that is a file or a link has no attestation status (""), and no move starts there."""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, link_holder, move

LINK_PURPOSE = "attestation"
SUPERVISOR = link_holder(LINK_PURPOSE, "the supervisor holding the attestation link")

__all__ = ["LINK_PURPOSE", "SUPERVISOR", "AttestationWorkflow"]


class AttestationWorkflow(WorkflowModel):
    class AttestationStatus(models.TextChoices):
        NONE = "", "—"
        REQUESTED = "requested", "Requested"
        GIVEN = "given", "Given"
        DECLINED = "declined", "Declined"

    S = AttestationStatus
    attestation_status = FSMField(
        max_length=10, choices=AttestationStatus.choices, blank=True, default="", protected=True
    )
    workflow = WorkflowSpec(name="attestation", noun="attestation")

    class Meta:
        abstract = True

    @move("attestation_status", source=S.REQUESTED, target=S.GIVEN, by=[SUPERVISOR], label="Attest")
    def give(self) -> None:
        pass

    @move(
        "attestation_status",
        source=S.REQUESTED,
        target=S.DECLINED,
        by=[SUPERVISOR],
        label="Decline to attest",
    )
    def decline(self) -> None:
        pass
