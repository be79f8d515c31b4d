"""An award: committed until it is used → paid; or withdrawn or expired, its money back to the fund.

- Paid: by Certify once the invoice carrying its credit is settled (enrollment and renewal
  awards), or when the sponsor's people, other than the recipient, record the class payment.
- Withdrawn: by the sponsor's administrators other than the recipient, or by the recipient
  giving it back, with a reason; by Certify when the invoice carrying it was refunded (and so
  cancelled) or voided, or the program did not accept an enrollment award's recipient.
- Expired: by Certify's daily job, once the use-by day has passed unused.
- Restored (withdrawn → committed): by Certify, when an appeal sent back the rejection that
  ended an enrollment award, if the fund can still pay it and the sponsor's cooldown allows.
`Award` inherits this.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, system, themselves
from certify.scholarships.workflows.sponsor import sponsor_people

RECIPIENT = themselves("recipient", "the recipient themselves")
ADMINS = sponsor_people(
    "the sponsor's administrators other than the recipient", other_than="recipient", admin=True
)
PAYERS = sponsor_people(
    "the sponsor's administrators and committee other than the recipient",
    other_than="recipient",
)
SETTLED = system("Certify itself, once the invoice carrying the credit is settled")
REFUNDED = system(
    "Certify itself, when the invoice carrying the credit was refunded or voided, or the program "
    "did not accept the recipient of an enrollment award"
)
DAILY = system("Certify's daily job, once the use-by day has passed")
APPEAL = system(
    "Certify itself, when an appeal sent back the rejection that ended an enrollment award and "
    "the fund can still pay it"
)
REASON_FOR_RECIPIENT = "Say why the award is withdrawn: the recipient reads this."

__all__ = [
    "ADMINS",
    "APPEAL",
    "DAILY",
    "PAYERS",
    "RECIPIENT",
    "REFUNDED",
    "SETTLED",
    "AwardWorkflow",
]


class AwardWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        COMMITTED = "committed", "Awarded, not yet used"
        PAID = "paid", "Paid"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired (not used in time)"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.COMMITTED, protected=True
    )
    workflow = WorkflowSpec(
        name="scholarship_award", noun="award", event_data=("recipient", "fund", "invoice")
    )

    class Meta:
        abstract = True

    @move(
        "status",
        source=S.COMMITTED,
        target=S.PAID,
        by=[SETTLED],
        label="Paid: the invoice is settled",
    )
    def mark_paid(self) -> None:
        pass

    @move(
        "status",
        source=S.COMMITTED,
        target=S.PAID,
        by=[PAYERS],
        label="Record the class payment",
    )
    def record_payment(self) -> None:
        pass

    @move(
        "status",
        source=S.COMMITTED,
        target=S.WITHDRAWN,
        by=[ADMINS, RECIPIENT],
        label="Withdraw",
        reason=REASON_FOR_RECIPIENT,
    )
    def withdraw(self) -> None:
        pass

    @move(
        "status",
        source=S.COMMITTED,
        target=S.WITHDRAWN,
        by=[REFUNDED],
        label="Return to the fund: the invoice was refunded or voided, or the application rejected",
    )
    def return_refunded(self) -> None:
        pass

    @move(
        "status",
        source=S.COMMITTED,
        target=S.EXPIRED,
        by=[DAILY],
        label="Expire: not used by the use-by day",
    )
    def expire(self) -> None:
        pass

    @move(
        "status",
        source=S.WITHDRAWN,
        target=S.COMMITTED,
        by=[APPEAL],
        label="Restore: an appeal sent back the rejection that ended it",
    )
    def restore(self) -> None:
        pass
