"""The "Check your answers" summary of a portfolio before it is submitted (ADR 0040): per
competency, whether the response is written, how much evidence there is, and which
attestations are still waiting for the supervisor."""

from dataclasses import dataclass, field

from django.urls import reverse

from certify.payments.api import enrollment_is_settled
from certify.portfolios.models import EvidenceItem, Portfolio
from certify.portfolios.services import portfolio_checklist
from certify.portfolios.services.candidate import has_text
from certify.portfolios.steps import step_url


@dataclass(frozen=True)
class CompetencyRow:
    code: str
    statement: str
    written: bool
    evidence: int
    pending: list[str] = field(default_factory=list)  # one sentence per waiting attestation
    change_url: str = ""


@dataclass(frozen=True)
class PortfolioCheck:
    statement_written: bool
    statement_url: str
    rows: list[CompetencyRow]
    problems: list[str]

    @property
    def pending(self) -> list[str]:
        return [sentence for row in self.rows for sentence in row.pending]

    @property
    def can_submit(self) -> bool:
        return not self.problems


def _pending_sentence(code: str, item: EvidenceItem) -> str:
    return (
        f"{code}: {item.attester_name or item.attester_email} has not yet given the attestation "
        f"“{item.title}”. If you submit now, the link stops working and reviewers see it as "
        "not given."
    )


def portfolio_check(*, portfolio: Portfolio) -> PortfolioCheck:
    """What the check page shows. Reads the responses and evidence the selector prefetched."""
    edit = reverse("portfolios:portfolio", kwargs={"planned_id": portfolio.planned_set_id})
    rows = []
    for response in portfolio.responses.all():
        live = [e for e in response.evidence.all() if e.removed_at is None]
        code = response.competency.code
        rows.append(
            CompetencyRow(
                code=code,
                statement=response.competency.statement,
                written=has_text(response.narrative),
                evidence=len(live),
                pending=[
                    _pending_sentence(code, e)
                    for e in live
                    if e.kind == EvidenceItem.Kind.ATTESTATION
                    and e.attestation_status == EvidenceItem.AttestationStatus.REQUESTED
                ],
                change_url=step_url(planned_id=portfolio.planned_set_id, code=code),
            )
        )
    problems = list(portfolio_checklist(portfolio=portfolio))
    application = portfolio.planned_set.application
    if not enrollment_is_settled(user=application.candidate, program=application.program):
        problems.insert(
            0,
            "Your enrollment is not complete until the enrollment fee is paid: pay the invoice "
            "on your Payments page, then submit.",
        )
    return PortfolioCheck(
        statement_written=has_text(portfolio.learning_statement),
        statement_url=f"{edit}#statement-title",
        rows=rows,
        problems=problems,
    )
