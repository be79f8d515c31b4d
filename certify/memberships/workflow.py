"""The membership workflow, whole: waiting → confirmed or not confirmed, and back to waiting when
the member changes the number or the expiry date.

Who confirms depends on the organisation: program staff for the ones staff check (ALA), the
people who run the organisation's sponsor for the ones a sponsor checks (SSD). Nobody confirms
or refuses their own membership, whatever roles they hold. `Membership` inherits this; services
move it only through `certify.core.workflow.transition`.
"""

from collections.abc import Callable
from typing import Any

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    Relation,
    WorkflowModel,
    WorkflowSpec,
    move,
    role,
    themselves,
)

SponsorCheck = Callable[[Any, Any], bool]
# Who runs a sponsor that confirms an organisation's memberships: `check(user, organisation)`.
# The scholarships app registers "the administrators and committee of a sponsor linked to the
# organisation" (SSD's sponsor) through `memberships.api.sponsor_check`.
SPONSOR_CHECKS: list[SponsorCheck] = []

STAFF_CHECKED = "program_staff"  # Organisation.ConfirmedBy values (the model imports this module)
SPONSOR_CHECKED = "sponsor"


def runs_sponsor_of(user: Any, organisation: Any) -> bool:
    """`user` has the sponsor role and runs a sponsor linked to `organisation`."""
    if not user.has_role(Role.SPONSOR):
        return False
    return not SPONSOR_CHECKS or any(check(user, organisation) for check in SPONSOR_CHECKS)


MEMBER = themselves("user", "the member themselves")
_staff = role(Role.PROGRAM_STAFF, "", not_subject=("user",))
_sponsor_person = role(Role.SPONSOR, "", not_subject=("user",))


def _staff_checks(m: Any) -> bool:
    return bool(m.organisation.confirmed_by == STAFF_CHECKED)


def _sponsor_checks(actor: Any, m: Any) -> bool:
    return m.organisation.confirmed_by == SPONSOR_CHECKED and runs_sponsor_of(actor, m.organisation)


STAFF = Relation(
    "program staff other than the member, for memberships staff check",
    lambda actor, m: _staff_checks(m) and _staff.holds(actor, m),
    own_case=lambda actor, m: _staff_checks(m) and _staff.is_own_case(actor, m),
    parties=lambda m: {m.user_id},
)
SPONSOR = Relation(
    "the people who run the organization's sponsor, other than the member",
    lambda actor, m: _sponsor_person.holds(actor, m) and _sponsor_checks(actor, m),
    own_case=lambda actor, m: _sponsor_person.is_own_case(actor, m) and _sponsor_checks(actor, m),
    parties=lambda m: {m.user_id},
    colleague="person who runs the sponsor",
)
REASON = "Say why the membership is not confirmed."

__all__ = ["MEMBER", "SPONSOR", "SPONSOR_CHECKS", "STAFF", "MembershipWorkflow", "runs_sponsor_of"]


class MembershipWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not confirmed"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(name="membership", noun="membership", event_data=("user",))

    class Meta:
        abstract = True

    @move(
        "status",
        source=[S.PENDING, S.REJECTED],
        target=S.CONFIRMED,
        by=[STAFF, SPONSOR],
        label="Confirm",
    )
    def confirm(self) -> None:
        pass

    @move(
        "status",
        source=[S.PENDING, S.CONFIRMED],
        target=S.REJECTED,
        by=[STAFF, SPONSOR],
        label="Mark not confirmed",
        reason=REASON,
    )
    def reject(self) -> None:
        pass

    @move(
        "status",
        source=[S.CONFIRMED, S.REJECTED],
        target=S.PENDING,
        by=[MEMBER],
        label="Change the number or expiry date (to be confirmed again)",
    )
    def change(self) -> None:
        pass
