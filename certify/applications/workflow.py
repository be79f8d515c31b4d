"""The application workflow, whole: statuses, moves, who may make each, and which need a reason.

`Application` inherits this; services move it only through `certify.core.workflow.transition`.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    WorkflowModel,
    WorkflowSpec,
    link_holder,
    move,
    role,
    system,
    themselves,
)

CANDIDATE = themselves("candidate", "the candidate themselves")
STAFF = role(
    Role.PROGRAM_STAFF, "program staff other than the candidate", not_subject=("candidate",)
)
# An appeal sent the rejection back: staff who are neither the candidate nor the person who made
# the decision under appeal (the appeals app has checked the appeal itself).
APPEAL_REVIEWER = role(
    Role.PROGRAM_STAFF,
    "program staff other than the candidate and the person who decided",
    not_subject=("candidate", "decided_by"),
)
REASON_FOR_CANDIDATE = "Give a reason: the candidate will read it."

__all__ = [
    "APPEAL_REVIEWER",
    "AT_SUBMISSION",
    "CANDIDATE",
    "ENTRY_CANDIDATE",
    "STAFF",
    "SUPERVISOR_LINK",
    "ApplicationWorkflow",
    "SupervisorConfirmationWorkflow",
]


class ApplicationWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted, waiting for review"
        MORE_INFO = "more_info", "More information requested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Not accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    S = Status
    status = FSMField(max_length=12, choices=Status.choices, default=Status.DRAFT, protected=True)
    workflow = WorkflowSpec(
        name="application",
        noun="application",
        history="applications.ApplicationTransition",
        history_fk="application",
        event_data=("candidate", "program"),
    )

    class Meta:
        abstract = True

    @move(
        "status", source=[S.DRAFT, S.MORE_INFO], target=S.SUBMITTED, by=[CANDIDATE], label="Submit"
    )
    def submit(self) -> None:
        pass

    @move(
        "status",
        source=[S.DRAFT, S.MORE_INFO, S.SUBMITTED],
        target=S.WITHDRAWN,
        by=[CANDIDATE],
        label="Withdraw",
    )
    def withdraw(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.ACCEPTED, by=[STAFF], label="Accept")
    def accept(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.MORE_INFO,
        by=[STAFF],
        label="Ask for more information",
        reason=REASON_FOR_CANDIDATE,
    )
    def ask_more_info(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.REJECTED,
        by=[STAFF],
        label="Reject",
        reason=REASON_FOR_CANDIDATE,
    )
    def reject(self) -> None:
        pass

    @move(
        "status",
        source=S.REJECTED,
        target=S.SUBMITTED,
        by=[APPEAL_REVIEWER],
        label="Reopen after an appeal",
    )
    def reopen_after_appeal(self) -> None:
        pass


# --- A supervisor's confirmation of one experience entry --------------------------------------

ENTRY_CANDIDATE = themselves("application.candidate", "the candidate themselves")
SUPERVISOR_LINK = link_holder("supervisor", "the supervisor holding this entry's link")
AT_SUBMISSION = system("Certify, when the application is submitted before the answer")


class SupervisorConfirmationWorkflow(WorkflowModel):
    """`ExperienceEntry` inherits this: the candidate asks the supervisor named on the entry, and
    the holder of that request's link answers once (confirmed, or corrected with hours or a note).

    An answer covers the employer, dates, hours and supervisor address it was given (ADR 0024):
    the candidate changing any of them moves the entry to "changed" (not confirmed) and stops an
    open link; submitting the application stops an open link too ("no answer")."""

    class SupervisorStatus(models.TextChoices):
        NOT_ASKED = "", "Not asked"
        REQUESTED = "requested", "Confirmation requested"
        CONFIRMED = "confirmed", "Confirmed by the supervisor"
        CORRECTED = "corrected", "Corrected by the supervisor"
        CHANGED = "changed", "Not confirmed: changed after the supervisor was asked"
        LAPSED = "lapsed", "Not confirmed: no answer before submission"

    C = SupervisorStatus
    supervisor_status = FSMField(
        max_length=10, choices=C.choices, default=C.NOT_ASKED, blank=True, protected=True
    )
    workflow = WorkflowSpec(
        name="supervisor_confirmation",
        noun="confirmation of hours",
        event_data=("application",),
    )

    class Meta:
        abstract = True

    # Asking again while a request is open sends a new link and stops the old one (a lost
    # e-mail). An answer stands until the entry changes: then the entry is asked about afresh.
    @move(
        "supervisor_status",
        source=[C.NOT_ASKED, C.REQUESTED, C.CHANGED, C.LAPSED],
        target=C.REQUESTED,
        by=[ENTRY_CANDIDATE],
        label="Ask the supervisor",
    )
    def request_confirmation(self) -> None:
        pass

    @move(
        "supervisor_status",
        source=C.REQUESTED,
        target=C.CONFIRMED,
        by=[SUPERVISOR_LINK],
        label="Confirm the hours",
    )
    def confirm(self) -> None:
        pass

    @move(
        "supervisor_status",
        source=C.REQUESTED,
        target=C.CORRECTED,
        by=[SUPERVISOR_LINK],
        label="Correct the hours",
    )
    def correct(self) -> None:
        pass

    @move(
        "supervisor_status",
        source=[C.REQUESTED, C.CONFIRMED, C.CORRECTED],
        target=C.CHANGED,
        by=[ENTRY_CANDIDATE],
        label="Change what the supervisor was asked about",
    )
    def change_after_request(self) -> None:
        pass

    @move(
        "supervisor_status",
        source=C.REQUESTED,
        target=C.LAPSED,
        by=[AT_SUBMISSION],
        label="Close the link at submission",
    )
    def lapse(self) -> None:
        pass
