"""The colleague-invitation workflow: someone who runs an organisation (a course provider, a
scholarship sponsor) invites a colleague by e-mail address; nothing is attached until that
person accepts, signed in with the invited address verified.

`ColleagueInvitation` (accounts.models) inherits this; no history table: the audit row the
engine writes is the record. Who "runs the organisation" is the organisation's own app's answer
(`certify/accounts/invitations.py`, the registry each kind is added to).
"""

from typing import Any

from django.db import models

from certify.core.workflow import (
    FSMField,
    Relation,
    WorkflowModel,
    WorkflowSpec,
    assigned,
    link_holder,
    move,
    system,
    themselves,
)

LINK_PURPOSE = "colleague_invitation"


def has_verified_address(actor: Any, email: str) -> bool:
    """`actor` has `email` among their e-mail addresses, verified (allauth's records)."""
    from certify.accounts.addresses import has_proven_address

    return has_proven_address(actor, email)


def _manages(actor: Any, invitation: Any) -> bool:
    from certify.accounts.invitations import kind_of  # the registry imports the models

    return kind_of(invitation.kind).manages(actor, invitation.organisation_id)


# Answering is the invited person's own business ("themselves"), not a decision about anyone.
INVITED = themselves(
    lambda actor, invitation: has_verified_address(actor, invitation.email),
    "the person invited, signed in with the invited address",
)
LINK = link_holder(LINK_PURPOSE, "the holder of the invitation link")
ORGANISATION: Relation = assigned("the people who manage the organization's colleagues", _manages)
SYSTEM = system()

__all__ = ["INVITED", "LINK", "LINK_PURPOSE", "ORGANISATION", "ColleagueInvitationWorkflow"]


class ColleagueInvitationWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(
        name="colleague_invitation", noun="invitation", event_data=("kind", "organisation_id")
    )

    class Meta:
        abstract = True

    @move("status", source=S.PENDING, target=S.ACCEPTED, by=[INVITED], label="Accept")
    def accept(self) -> None:
        pass

    @move("status", source=S.PENDING, target=S.DECLINED, by=[INVITED, LINK], label="Decline")
    def decline(self) -> None:
        pass

    @move("status", source=S.PENDING, target=S.WITHDRAWN, by=[ORGANISATION], label="Withdraw")
    def withdraw(self) -> None:
        pass

    @move("status", source=S.PENDING, target=S.EXPIRED, by=[SYSTEM], label="Expire")
    def expire(self) -> None:
        pass
