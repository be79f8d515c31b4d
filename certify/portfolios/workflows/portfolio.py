"""The portfolio workflow: draft → submitted → met, or more evidence → submitted again → met or
not met (final for the portfolio route; an appeal may send it back to new reviewers).

The verdict moves are made by Certify itself (`SYSTEM`) once the second review of a version is
complete: the outcome is the rule's (`certify.portfolios.verdicts`), not one person's, and each
reviewer's own decision is their `complete` move on their assignment, recorded under their name.
"""

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
    system,
    themselves,
)

CANDIDATE_PATH = "planned_set.application.candidate"
CANDIDATE = themselves(CANDIDATE_PATH, "the candidate themselves")
STAFF = role(
    Role.PROGRAM_STAFF, "program staff other than the candidate", not_subject=(CANDIDATE_PATH,)
)
VERDICT = system("Certify, once both reviews of the version are complete")


def _reviewed_it(actor: Any, portfolio: Any) -> bool:
    return bool(
        portfolio.submissions.filter(
            assignments__reviewer_id=actor.pk, assignments__status="completed"
        ).exists()
    )


# An appeal sent a final "not met" back. A portfolio's verdict has no single decider (the appeal
# records none): the people who decided it are its reviewers, so none of them may send it back.
APPEAL_REVIEWER = Relation(
    "program staff other than the candidate and the portfolio's reviewers",
    lambda actor, portfolio: STAFF.holds(actor, portfolio) and not _reviewed_it(actor, portfolio),
    own_case=lambda actor, portfolio: (
        STAFF.is_own_case(actor, portfolio)
        or (STAFF.holds(actor, portfolio) and _reviewed_it(actor, portfolio))
    ),
    parties=STAFF.parties,
)

__all__ = ["APPEAL_REVIEWER", "CANDIDATE", "STAFF", "VERDICT", "PortfolioWorkflow"]


class PortfolioWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted, being reviewed"
        MORE_EVIDENCE = "more_evidence", "More evidence requested"
        PASSED = "passed", "Met"
        FAILED = "failed", "Not met"

    S = Status
    status = FSMField(max_length=14, choices=Status.choices, default=Status.DRAFT, protected=True)
    workflow = WorkflowSpec(name="portfolio", noun="portfolio")

    class Meta:
        abstract = True

    @move(
        "status",
        source=[S.DRAFT, S.MORE_EVIDENCE],
        target=S.SUBMITTED,
        by=[CANDIDATE],
        label="Submit for review",
    )
    def submit(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.PASSED, by=[VERDICT], label="Record: met")
    def record_met(self) -> None:
        pass

    @move(
        "status",
        source=S.SUBMITTED,
        target=S.MORE_EVIDENCE,
        by=[VERDICT],
        label="Ask for more evidence",
    )
    def ask_for_more_evidence(self) -> None:
        pass

    @move("status", source=S.SUBMITTED, target=S.FAILED, by=[VERDICT], label="Record: not met")
    def record_not_met(self) -> None:
        pass

    @move(
        "status",
        source=S.FAILED,
        target=S.SUBMITTED,
        by=[APPEAL_REVIEWER],
        label="Reassess after an appeal",
        reason="Give a reason: the candidate will read it.",
    )
    def reopen_after_appeal(self) -> None:
        pass
