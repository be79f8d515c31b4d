"""The course workflow: a provider drafts and submits a course (or its renewal); program staff
who do not act for that provider approve it or return it with comments.

`Course` inherits this; each move writes a `CourseTransition` row (and the audit row).
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move
from certify.courses.workflows.relations import provider_key, provider_staff, staff_outside


def _provider_of(course: models.Model) -> int:
    return course.provider_id  # type: ignore[attr-defined]


PROVIDER = provider_staff(_provider_of, "the provider's staff")
PROVIDER_KEY = provider_key(_provider_of, "the provider's API key")
STAFF = staff_outside(
    _provider_of,
    "program staff who do not act for the provider and did not write the course",
    not_subject=("created_by",),
)
REASON_FOR_PROVIDER = "Give your comments: the provider will read them."
REASON_FOR_STOP = "Give the reason: the provider and the candidates who chose the course read it."
# Where a course's approval may run (a renewal under review or returned keeps the running one).
RUNNING = ["approved", "submitted", "returned"]

__all__ = ["PROVIDER", "PROVIDER_KEY", "STAFF", "CourseWorkflow"]


class CourseWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted, being evaluated"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUSPENDED = "suspended", "Approval suspended by program staff"
        REVOKED = "revoked", "Approval revoked by program staff"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.DRAFT, protected=True)
    workflow = WorkflowSpec(
        name="course",
        noun="course",
        history="courses.CourseTransition",
        history_fk="course",
        event_data=("provider", "program"),
    )

    class Meta:
        abstract = True

    # From "approved": a renewal, for the next approval period.
    @move(
        "status",
        source=[S.DRAFT, S.RETURNED, S.APPROVED],
        target=S.SUBMITTED,
        by=[PROVIDER, PROVIDER_KEY],
        label="Submit for approval",
    )
    def submit(self) -> None:
        pass

    @move(
        "status",
        source=[S.DRAFT, S.RETURNED],
        target=S.WITHDRAWN,
        by=[PROVIDER, PROVIDER_KEY],
        label="Withdraw",
    )
    def withdraw(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.APPROVED, by=[STAFF], label="Approve")
    def approve(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.RETURNED,
        by=[STAFF],
        label="Return for changes",
        reason=REASON_FOR_PROVIDER,
    )
    def return_for_changes(self) -> None:
        pass

    # Program staff stop a running approval (ADR 0009): the course leaves the catalog at once.
    @move(
        "status",
        source=RUNNING,
        target=S.SUSPENDED,
        by=[STAFF],
        label="Suspend the approval",
        reason=REASON_FOR_STOP,
    )
    def suspend(self) -> None:
        pass

    @move(
        "status",
        source=[*RUNNING, S.SUSPENDED],
        target=S.REVOKED,
        by=[STAFF],
        label="Revoke the approval",
        reason=REASON_FOR_STOP,
    )
    def revoke(self) -> None:
        pass

    @move(
        "status",
        source=S.SUSPENDED,
        target=S.APPROVED,
        by=[STAFF],
        label="Reinstate the approval",
        reason=REASON_FOR_PROVIDER,
    )
    def reinstate(self) -> None:
        pass

    # Reinstated while a renewal was under review or returned for changes: the renewal goes on
    # where it was, with its evaluations and its fee invoice (ADR 0009), rather than waiting
    # for the provider to send it again. `course_approval_reinstate` picks the move from the
    # status the suspension left.
    @move(
        "status",
        source=S.SUSPENDED,
        target=S.SUBMITTED,
        by=[STAFF],
        label="Reinstate the approval and its renewal under review",
        reason=REASON_FOR_PROVIDER,
    )
    def reinstate_review(self) -> None:
        pass

    @move(
        "status",
        source=S.SUSPENDED,
        target=S.RETURNED,
        by=[STAFF],
        label="Reinstate the approval and its returned renewal",
        reason=REASON_FOR_PROVIDER,
    )
    def reinstate_returned(self) -> None:
        pass

    # A renewal returned for changes that the provider never sent again: program staff close it
    # and the approval it has runs on (ADR 0009; `courses.services.renewal_fees`).
    @move(
        "status",
        source=S.RETURNED,
        target=S.APPROVED,
        by=[STAFF],
        label="Close the returned renewal",
        reason=REASON_FOR_PROVIDER,
    )
    def close_renewal(self) -> None:
        pass
