"""The portfolio in steps (ADR 0044): one page per competency, and a checklist whose items link
to exactly what is missing.

Everything here reads the portfolio as `selectors.portfolio_find` prefetched it (responses,
their competencies and evidence), so a page costs no query per competency or per item.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from certify.portfolios.models import CompetencyRating, EvidenceItem, Portfolio, Response
from certify.portfolios.services.candidate import has_text

REQUESTED = EvidenceItem.AttestationStatus.REQUESTED


@dataclass(frozen=True)
class Step:
    """One competency of the portfolio: where its response stands."""

    number: int
    response: Response
    url: str
    written: bool
    evidence: int  # live items (files, links, attestations), removed ones not counted
    pending: int  # attestations requested and not answered yet
    feedback: list[CompetencyRating] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.response.competency.code

    @property
    def done(self) -> bool:
        """A response or evidence: what submitting needs (the rule of `portfolio_checklist`)."""
        return self.written or self.evidence > 0

    @property
    def missing_url(self) -> str:
        """Where the step's first missing piece is filled in: the response's text box, or the
        evidence list when an attestation is still awaited."""
        if not self.done:
            return f"{self.url}#narrative-{self.response.pk}"
        if self.pending:
            return f"{self.url}#evidence-{self.response.pk}"
        return self.url


@dataclass(frozen=True)
class StepPage:
    """A competency page's place among the steps: for the stepper and its previous/next links."""

    step: Step
    total: int
    previous: Step | None
    next: Step | None


@dataclass(frozen=True)
class ChecklistItem:
    """One thing still to do, in the candidate's words, with a link to where it is done.
    `blocking` items stop a submission; the others (an attestation not given yet) only warn."""

    text: str
    url: str
    blocking: bool = True


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def ready(self) -> bool:
        """Nothing blocks a submission (an awaited attestation does not)."""
        return not any(item.blocking for item in self.items)


def step_url(*, planned_id: int, code: str) -> str:
    return reverse("portfolios:competency", args=[planned_id, code])


def portfolio_steps(
    *, portfolio: Portfolio, feedback: dict[int, list[CompetencyRating]] | None = None
) -> list[Step]:
    """The portfolio's competencies in order, each with its state."""
    steps = []
    for number, response in enumerate(portfolio.responses.all(), start=1):
        live = [e for e in response.evidence.all() if e.removed_at is None]
        steps.append(
            Step(
                number=number,
                response=response,
                url=step_url(planned_id=portfolio.planned_set_id, code=response.competency.code),
                written=has_text(response.narrative),
                evidence=len(live),
                pending=sum(
                    1
                    for e in live
                    if e.kind == EvidenceItem.Kind.ATTESTATION and e.attestation_status == REQUESTED
                ),
                feedback=(feedback or {}).get(response.competency_id, []),
            )
        )
    return steps


def step_page(steps: list[Step], response_id: int | str | None) -> StepPage | None:
    """The page of the step whose response is `response_id` (None when it is not one of them)."""
    for index, step in enumerate(steps):
        if str(step.response.pk) == str(response_id):
            return StepPage(
                step=step,
                total=len(steps),
                previous=steps[index - 1] if index > 0 else None,
                next=steps[index + 1] if index + 1 < len(steps) else None,
            )
    return None


def checklist(*, portfolio: Portfolio, steps: list[Step]) -> Checklist:
    """What is still to do, each item a link to exactly where it is done. The blocking items say
    what `portfolio_checklist` says, in the same words."""
    overview = reverse("portfolios:portfolio", args=[portfolio.planned_set_id])
    items = []
    if not has_text(portfolio.learning_statement):
        items.append(
            ChecklistItem(
                "Write your personal learning statement.", f"{overview}#learning_statement"
            )
        )
    for step in steps:
        if not step.done:
            items.append(
                ChecklistItem(f"{step.code}: write a response or add evidence.", step.missing_url)
            )
        elif step.pending:
            awaited = "an attestation" if step.pending == 1 else f"{step.pending} attestations"
            items.append(
                ChecklistItem(
                    f"{step.code}: waiting for {awaited} from your supervisor. You may submit "
                    "without it; the link then stops working.",
                    step.missing_url,
                    blocking=False,
                )
            )
    return Checklist(items)
