"""Generated plans, portfolios with evidence, submissions, reviews and course completions."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.core.files.base import ContentFile

from certify.core.storage import private_storage
from certify.courses.models import (
    CourseCompletion,
)
from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.generator.scale import EMAIL_DOMAIN, EVIDENCE_PER_CANDIDATE, SAMPLE_FILES
from certify.loaddata.writer import Row
from certify.portfolios.handlers import DUE_SOON_DAYS
from certify.portfolios.models import (
    CompetencyRating,
    EvidenceItem,
    Portfolio,
    Response,
    ReviewAssignment,
    Submission,
)
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet


class PortfolioRows(GeneratorBase):
    # Evidence items per candidate; the certificates-only mode writes none (no sweep reads them).
    evidence_per_candidate = EVIDENCE_PER_CANDIDATE

    def plans(self) -> None:
        planned: list[Row] = []
        completions: list[Row] = []
        routes = [
            (PlannedSet.Route.COURSE, 0.7),
            (PlannedSet.Route.PORTFOLIO, 0.22),
            (PlannedSet.Route.PROGRAMME, 0.08),
        ]
        for e in self.enrolled:
            sets = self.core + self.rng.sample(self.electives, self.program.electives_required)
            for cset in sets:
                pk = self.ids.take(PlannedSet)
                if e.certified:
                    status = PlannedSet.Status.SATISFIED
                else:
                    roll = self.rng.random()
                    status = (
                        PlannedSet.Status.SATISFIED
                        if roll < 0.35
                        else PlannedSet.Status.IN_PROGRESS
                        if roll < 0.65
                        else PlannedSet.Status.NOT_STARTED
                    )
                route = self.rng.choices([r for r, _ in routes], [w for _, w in routes])[0]
                if status == PlannedSet.Status.NOT_STARTED and self.rng.random() < 0.3:
                    route = PlannedSet.Route.UNDECIDED
                if route == PlannedSet.Route.COURSE and not self.courses_by_set[cset.pk]:
                    route = PlannedSet.Route.PORTFOLIO
                satisfied_at = None
                if status == PlannedSet.Status.SATISFIED:
                    satisfied_at = self._moment(
                        e.enrolled_on + timedelta(days=self.rng.randint(30, 180))
                    )
                planned.append(
                    {
                        "id": pk,
                        "application_id": e.application_id,
                        "competency_set_id": cset.pk,
                        "route": route,
                        "status": status,
                        "satisfied_at": satisfied_at,
                        "evidence": "Generated load data" if satisfied_at else "",
                        "created_at": self._moment(e.enrolled_on),
                    }
                )
                e.planned.append((pk, cset, route, status))
                if route == PlannedSet.Route.COURSE and status != PlannedSet.Status.NOT_STARTED:
                    done = status == PlannedSet.Status.SATISFIED
                    completions.append(
                        {
                            "id": self.ids.take(CourseCompletion),
                            "course_id": self.rng.choice(self.courses_by_set[cset.pk]),
                            "application_id": e.application_id,
                            "candidate_id": e.candidate_id,
                            "completed_on": e.enrolled_on + timedelta(days=20),
                            "status": CourseCompletion.Status.CONFIRMED
                            if done
                            else CourseCompletion.Status.PENDING,
                            "source": CourseCompletion.Source.PROVIDER_CSV,
                            "applied_at": satisfied_at,
                        }
                    )
        self.write(PlannedSet, planned)
        self.write(CourseCompletion, completions)

    def portfolios(self) -> None:
        chosen = [
            (e, pk, cset, status)
            for e in self.enrolled
            for pk, cset, route, status in e.planned
            if route == PlannedSet.Route.PORTFOLIO and status != PlannedSet.Status.NOT_STARTED
        ]
        response_total = sum(len(self.competencies[cset.pk]) for _, _, cset, _ in chosen)
        per_response = self.evidence_per_candidate * self.scale.candidates / max(response_total, 1)
        whole, fraction = int(per_response), per_response - int(per_response)
        for path, _, _, content in SAMPLE_FILES:
            if not private_storage().exists(path):
                private_storage().save(path, ContentFile(content))
        portfolios: list[Row] = []
        submissions: list[Row] = []
        assignments: list[Row] = []
        ratings: list[Row] = []
        in_review = [
            Portfolio.Status.SUBMITTED,
            Portfolio.Status.MORE_EVIDENCE,
            Portfolio.Status.FAILED,
            Portfolio.Status.DRAFT,
        ]

        def responses_and_evidence() -> Iterator[tuple[Row, list[Row]]]:
            for portfolio_id, cset in pending:
                for c in self.competencies[cset.pk]:
                    response_id = self.ids.take(Response)
                    items = []
                    for _ in range(whole + (self.rng.random() < fraction)):
                        kind = self.rng.choices(["file", "link", "attestation"], [6, 3, 1])[0]
                        item: Row = {
                            "id": self.ids.take(EvidenceItem),
                            "response_id": response_id,
                            "kind": kind,
                            "title": f"Evidence for {c.code}",
                        }
                        if kind == "file":
                            path, ctype, ext, content = self.rng.choice(SAMPLE_FILES)
                            item |= {
                                "file": path,
                                "original_name": f"evidence{ext}",
                                "content_type": ctype,
                                "extension": ext,
                                "size": len(content),
                            }
                        elif kind == "link":
                            item["url"] = "https://library.example.org/work"
                        else:
                            item |= {
                                "attester_name": "A. Supervisor",
                                "attester_email": f"supervisor@{EMAIL_DOMAIN}",
                                "attestation_status": "given",
                                "attestation_text": "I confirm this work.",
                                "attested_at": self.now,
                            }
                        items.append(item)
                    yield (
                        {
                            "id": response_id,
                            "portfolio_id": portfolio_id,
                            "competency_id": c.pk,
                            "narrative": f"<p>How I show {c.code} in my daily work.</p>",
                        },
                        items,
                    )

        pending: list[tuple[int, CompetencySet]] = []
        reviewer_count = len(self.reviewer_ids)
        for n, (e, planned_id, cset, set_status) in enumerate(chosen):
            pk = self.ids.take(Portfolio)
            if set_status == PlannedSet.Status.SATISFIED:
                status = Portfolio.Status.PASSED
            else:
                status = self.rng.choices(in_review, [3, 1, 1, 5])[0]
            attempt = 2 if status == Portfolio.Status.MORE_EVIDENCE else 1
            portfolios.append(
                {
                    "id": pk,
                    "planned_set_id": planned_id,
                    "status": status,
                    "learning_statement": "What I learned while putting this together.",
                    "attempt": attempt,
                }
            )
            pending.append((pk, cset))
            if status == Portfolio.Status.DRAFT:
                continue
            submitted_on = e.enrolled_on + timedelta(days=self.rng.randint(20, 150))
            open_review = status == Portfolio.Status.SUBMITTED
            outcome = {"passed": "met", "failed": "not_met", "more_evidence": "more"}.get(
                status, ""
            )
            submission_id = self.ids.take(Submission)
            submissions.append(
                {
                    "id": submission_id,
                    "portfolio_id": pk,
                    "number": 1,
                    "submitted_at": self._moment(submitted_on),
                    "snapshot": {"learning_statement": "", "responses": []},
                    "outcome": outcome,
                    "decided_at": None if open_review else self._moment(submitted_on),
                }
            )
            due_on = submitted_on + timedelta(days=21)
            for k in range(2):
                reviewer_id = self.reviewer_ids[(n * 2 + k) % reviewer_count]
                assignment_id = self.ids.take(ReviewAssignment)
                assigned_at = self._moment(submitted_on)
                assignments.append(
                    {
                        "id": assignment_id,
                        "submission_id": submission_id,
                        "reviewer_id": reviewer_id,
                        "status": "assigned" if open_review else "completed",
                        "assigned_at": assigned_at,
                        "due_on": due_on,
                        # As a site whose daily job ran yesterday: the reminders due by then
                        # went out (today's are today's run's).
                        "reminded": self._reminded(due_on) if open_review else "",
                        "completed_at": None
                        if open_review
                        else assigned_at + timedelta(days=self.rng.randint(3, 25)),
                        "verdict": ""
                        if open_review
                        else ("met" if outcome == "met" else "not_met"),
                    }
                )
                rated = self.competencies[cset.pk]
                if open_review:
                    rated = rated[: self.rng.randrange(len(rated) + 1)]
                for c in rated:
                    ratings.append(
                        {
                            "id": self.ids.take(CompetencyRating),
                            "assignment_id": assignment_id,
                            "competency_id": c.pk,
                            "rating": "met",
                        }
                    )
        self.write(Portfolio, portfolios)
        evidence: list[Row] = []

        def responses() -> Iterator[Row]:
            for response, items in responses_and_evidence():
                evidence.extend(items)
                yield response

        self.write(Response, responses())
        self.write(EvidenceItem, evidence)
        self.write(Submission, submissions)
        self.write(ReviewAssignment, assignments)
        self.write(CompetencyRating, ratings)

    def _reminded(self, due_on: date) -> str:
        """The review reminder an open assignment got by yesterday's daily run."""
        yesterday = self.today - timedelta(days=1)
        if due_on < yesterday:
            return "overdue"
        if due_on <= yesterday + timedelta(days=DUE_SOON_DAYS):
            return "due"
        return ""
