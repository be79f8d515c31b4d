"""A supervisor's attestation of one piece of evidence, by signed link (no account): requested →
given or declined, once; or "lapsed" when the portfolio is submitted before the answer (the link
stops then, ADR 0024). The link's own checks (signature, expiry, not removed, portfolio not
submitted) are made before the move; the move checks that the link was made for this item and
that it is still requested.

Evidence that is a file or a link has no attestation status (""), and no move starts there."""

from django.db import models

from certify.core.workflow import (
    FSMField,
    WorkflowModel,
    WorkflowSpec,
    link_holder,
    move,
    system,
)

LINK_PURPOSE = "attestation"
SUPERVISOR = link_holder(LINK_PURPOSE, "the supervisor holding the attestation link")
AT_SUBMISSION = system("Certify, when the portfolio is submitted before the answer")

__all__ = ["AT_SUBMISSION", "LINK_PURPOSE", "SUPERVISOR", "AttestationWorkflow"]


class AttestationWorkflow(WorkflowModel):
    class AttestationStatus(models.TextChoices):
        NONE = "", "—"
        REQUESTED = "requested", "Requested"
        GIVEN = "given", "Given"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Not given before submission"

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

    @move(
        "attestation_status",
        source=S.REQUESTED,
        target=S.LAPSED,
        by=[AT_SUBMISSION],
        label="Close the link at submission",
    )
    def lapse(self) -> None:
        pass
