"""The provider-consent workflow: which course providers may report a candidate's completions.

A candidate gives consent by naming a provider's course for a set in their plan (the consent
starts accepted), or by accepting the provider's enrolment invitation. Only the candidate
answers an invitation, and only the candidate withdraws consent (ADR 0021). A provider's report
about a candidate without consent is "not matched" (`courses/services/completions/report_check`).
`ProviderConsent` inherits this; the audit row is the record of each move.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, themselves

CANDIDATE = themselves("candidate", "the candidate themselves")

__all__ = ["CANDIDATE", "ProviderConsentWorkflow"]


class ProviderConsentWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.INVITED, protected=True)
    workflow = WorkflowSpec(
        name="provider_consent", noun="provider consent", event_data=("provider", "course")
    )

    class Meta:
        abstract = True

    @move("status", source=S.INVITED, target=S.ACCEPTED, by=[CANDIDATE], label="Accept")
    def accept(self) -> None:
        pass

    @move("status", source=S.INVITED, target=S.DECLINED, by=[CANDIDATE], label="Decline")
    def decline(self) -> None:
        pass

    @move(
        "status",
        source=S.ACCEPTED,
        target=S.WITHDRAWN,
        by=[CANDIDATE],
        label="Withdraw consent",
    )
    def withdraw(self) -> None:
        pass
