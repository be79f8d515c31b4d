"""The certificate workflow, whole: statuses, moves, who may make each, and which need a reason.

`Certificate` inherits this; services move it only through `certify.core.workflow.transition`.
"Expired" is not a status: it is computed from `expires_on`.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, role, system

STAFF = role(Role.PROGRAM_STAFF, "program staff other than the holder", not_subject=("holder",))
CERTIFY = system("Certify itself")
# Every staff decision about an issued certificate is explained: the holder reads it.
REASON_FOR_HOLDER = "Give a reason: it is kept in the record and sent to the holder."

__all__ = [
    "CERTIFY",
    "KEY_STAFF",
    "OPERATOR",
    "STAFF",
    "WITH_CERTIFICATE",
    "CertificateWorkflow",
    "IssuerKeyWorkflow",
    "SetCredentialWorkflow",
]


class CertificateWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for staff approval"
        VALID = "valid", "Valid"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        REPLACED = "replaced", "Replaced by a renewal"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(
        name="certificate",
        noun="certificate",
        history="certificates.CertificateTransition",
        history_fk="certificate",
        event_data=("holder", "program", "number"),
    )

    class Meta:
        abstract = True

    # Issued without approval (the plan completed, or a renewal was approved).
    @move("status", source=S.PENDING, target=S.VALID, by=[CERTIFY], label="Issue")
    def issue(self) -> None:
        pass

    @move("status", source=S.PENDING, target=S.VALID, by=[STAFF], label="Approve")
    def approve(self) -> None:
        pass

    @move(
        "status",
        source=S.VALID,
        target=S.SUSPENDED,
        by=[STAFF],
        label="Suspend",
        reason=REASON_FOR_HOLDER,
    )
    def suspend(self) -> None:
        pass

    @move(
        "status",
        source=S.SUSPENDED,
        target=S.VALID,
        by=[STAFF],
        label="Reinstate",
        reason=REASON_FOR_HOLDER,
    )
    def reinstate(self) -> None:
        pass

    @move(
        "status",
        source=[S.VALID, S.SUSPENDED],
        target=S.REVOKED,
        by=[STAFF],
        label="Revoke",
        reason=REASON_FOR_HOLDER,
    )
    def revoke(self) -> None:
        pass

    @move("status", source=S.VALID, target=S.REPLACED, by=[CERTIFY], label="Replace by a renewal")
    def replace(self) -> None:
        pass


# --- A completed competency set's own credential (ADR 0035) --------------------------------------

WITH_CERTIFICATE = system("Certify itself, when the certificate is revoked")


class SetCredentialWorkflow(WorkflowModel):
    """Issued valid when the set is complete; revoked by staff, or with its certificate. A
    suspension of the certificate leaves it alone (ADR 0035); nothing comes back from revoked."""

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        REVOKED = "revoked", "Revoked"

    status = FSMField(max_length=10, choices=Status.choices, default=Status.VALID, protected=True)
    workflow = WorkflowSpec(
        name="set_credential",
        noun="set credential",
        event_data=("holder", "program", "competency_set"),
    )

    class Meta:
        abstract = True

    @move(
        "status",
        source=Status.VALID,
        target=Status.REVOKED,
        by=[STAFF, WITH_CERTIFICATE],
        label="Revoke",
        reason=REASON_FOR_HOLDER,
    )
    def revoke(self) -> None:
        pass


# --- The issuer's signing keys ------------------------------------------------------------------

KEY_STAFF = role(Role.PROGRAM_STAFF, "program staff")
OPERATOR = system("an operator at the command line")


class IssuerKeyWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active (signs new credentials)"
        RETIRED = "retired", "Retired (published, no longer signs)"
        COMPROMISED = "compromised", "Compromised (withdrawn: no longer published or trusted)"

    status = FSMField(max_length=12, choices=Status.choices, default=Status.ACTIVE, protected=True)
    workflow = WorkflowSpec(name="issuer_key", noun="signing key", event_data=("fragment",))

    class Meta:
        abstract = True

    # A new key is made active at once; the old one is retired in the same transaction.
    @move(
        "status",
        source=Status.ACTIVE,
        target=Status.RETIRED,
        by=[KEY_STAFF, OPERATOR],
        label="Retire",
    )
    def retire(self) -> None:
        pass

    # A key that may be in someone else's hands: only an operator at the command line declares
    # it (`issuer_keys compromise`), which also re-signs what it signed (ADR 0036).
    @move(
        "status",
        source=[Status.ACTIVE, Status.RETIRED],
        target=Status.COMPROMISED,
        by=[OPERATOR],
        label="Withdraw as compromised",
        reason="Say why the key is no longer trusted: it is kept in the audit trail.",
    )
    def compromise(self) -> None:
        pass
