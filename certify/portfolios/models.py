import uuid
import zoneinfo
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from certify.casework.models import StaffCase
from certify.core.storage import private_storage
from certify.portfolios.verdicts import Outcome, Rating
from certify.portfolios.workflows.attestation import AttestationWorkflow
from certify.portfolios.workflows.portfolio import PortfolioWorkflow
from certify.portfolios.workflows.review import ReviewAssignmentWorkflow
from certify.programs.api import program_day, program_zone


def evidence_path(instance: "EvidenceItem", filename: str) -> str:
    # The stored name never comes from the user: only a random id and a safe extension.
    return f"evidence/{instance.response.portfolio_id}/{uuid.uuid4().hex}{instance.extension}"


class Portfolio(PortfolioWorkflow, StaffCase):
    """A candidate's portfolio for one competency set on the portfolio route.

    Its statuses and moves are in `certify/portfolios/workflows/portfolio.py`; staff's notes and
    its assignment are casework's (`StaffCase`, ADR 0048), shown on each version's staff page."""

    case_kind = "portfolio"
    case_permission = "portfolios.manage_reviews"

    planned_set = models.OneToOneField(
        "progress.PlannedSet", on_delete=models.PROTECT, related_name="portfolio"
    )
    learning_statement = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first submission, 2 after a request for more evidence."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Portfolio: {self.planned_set}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.MORE_EVIDENCE)

    def get_staff_url(self) -> str:
        """The staff page of its latest submitted version (its preview before any)."""
        latest = self.submissions.order_by("-number").values_list("pk", flat=True).first()
        if latest is None:
            return reverse("portfolios:preview", args=[self.planned_set_id])
        return reverse("portfolios:staff_submission", kwargs={"pk": latest})

    def case_subject(self) -> Any:
        return self.planned_set.application.candidate

    def case_time_zone(self) -> str:
        return self.planned_set.application.program.time_zone

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The program's time zone, which its pages give their days in (RULINGS)."""
        return program_zone(self.planned_set.application.program)


class Response(models.Model):
    """The candidate's response to one competency: a narrative and evidence items."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="responses")
    competency = models.ForeignKey(
        "programs.Competency", on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField(blank=True, help_text="Sanitised HTML.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["competency__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "competency"], name="one_response_each")
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} response"


class EvidenceItem(AttestationWorkflow):
    """A file, a link or a supervisor's attestation; the attestation's statuses and moves are in
    `certify/portfolios/workflows/attestation.py`."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"
        ATTESTATION = "attestation", "Supervisor attestation"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_path, storage=private_storage, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=500, blank=True)
    attester_name = models.CharField(max_length=200, blank=True)
    attester_email = models.EmailField(blank=True)
    attester_organization = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the candidate named it, then as the attester gave it.",
    )
    attestation_text = models.TextField(blank=True)
    attested_at = models.DateTimeField(null=True, blank=True)
    # The attestation link: one per request, answered once, until it expires (ADR 0024).
    attestation_link = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    attestation_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Removed from the draft; kept for submitted versions."
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    """A submitted version of a portfolio. It never changes once created."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(help_text="Learning statement, narratives and evidence ids.")
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    review_round = models.PositiveSmallIntegerField(
        default=1,
        help_text="Goes up when an appeal sends the verdict back: new reviewers, a new round.",
    )

    class Meta:
        ordering = ["portfolio", "number"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "number"], name="one_submission_number")
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} — version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:portfolio", args=[self.portfolio.planned_set_id])

    @property
    def submitted_on(self) -> date:
        """The day it was submitted, in the program's time zone (RULINGS): at 23:30 in Denver,
        that day, not the next one in Chicago."""
        return program_day(self.submitted_at, self.portfolio.planned_set.application.program)


class ReviewerProfile(models.Model):
    """A reviewer in the pool: what they are expert in and how much they can take."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    expertise = models.ManyToManyField("programs.CompetencySet", related_name="reviewers")
    capacity = models.PositiveSmallIntegerField(
        default=5, help_text="Most open reviews at one time."
    )
    employer = models.CharField(
        max_length=200, blank=True, help_text="Used to skip candidates from the same library."
    )
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return str(self.user)


class ReminderSent(models.TextChoices):
    NONE = "", "None yet"
    DUE = "due", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReviewAssignment(ReviewAssignmentWorkflow):
    """One reviewer's assessment of one submitted version; its statuses and moves are in
    `certify/portfolios/workflows/review.py`."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who assigned it, or pressed the automatic assignment (`automatic`); empty "
        "when Certify assigned it at submission or after an appeal.",
    )
    automatic = models.BooleanField(
        default=False,
        help_text="Picked by the automatic assignment: at submission, after an appeal, or "
        "pressed by staff (`assigned_by`).",
    )
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    verdict = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    comment = models.TextField(blank=True, help_text="Overall feedback for the candidate.")
    refer_to_course = models.BooleanField(
        default=False, help_text="Suggest an approved course instead of more evidence."
    )
    round = models.PositiveSmallIntegerField(
        default=1, help_text="2 when an appeal sent the decision back to new reviewers."
    )
    # The last reminder the daily job sent (`handlers.review_reminders`), so the job selects only
    # the assignments a reminder is due for, by index, however many are long overdue.
    reminded = models.CharField(max_length=8, choices=ReminderSent.choices, blank=True)

    @property
    def assigned_how(self) -> str:
        """How it was assigned, in staff's words (the version's staff page and the API): the
        automatic assignment says so even when staff pressed it."""
        if self.automatic:
            return f"Automatic (pressed by {self.assigned_by})" if self.assigned_by else "Automatic"
        # a hand assignment whose staff account was deleted (`assigned_by` set to null)
        return f"By {self.assigned_by}" if self.assigned_by else "By a former staff member"

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                condition=~Q(status="withdrawn"),
                name="one_active_assignment_per_reviewer",
            )
        ]
        indexes = [
            # A reviewer's queue in its order (open first, by due date): a page reads its rows
            # from the index and stops. On PostgreSQL the index also INCLUDEs assigned_at and
            # completed_at, so the reviewer's figures (counts, median days) are read from the
            # index alone: migration 0002 adds that to the database only, since `include` here
            # makes the system check warn on SQLite (models.W040).
            models.Index(fields=["reviewer", "status", "due_on", "id"], name="review_queue_order"),
            # The daily reminders: open assignments by the reminder last sent and the due date.
            models.Index(
                fields=["reminded", "due_on"],
                condition=Q(status="assigned"),
                name="review_reminders_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews {self.submission}"


class CompetencyRating(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(
        "programs.Competency", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["competency__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "competency"], name="one_rating_each")
        ]

    def __str__(self) -> str:
        return f"{self.competency.code}: {self.rating}"
