import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from certify.applications.eligibility import Experience, whole_hours
from certify.applications.workflow import ApplicationWorkflow, SupervisorConfirmationWorkflow
from certify.casework.models import StaffCase
from certify.core.codes import code_new
from certify.core.links import link_last_day
from certify.core.undo import NotRemovedManager, WithRemovedManager
from certify.programs.api import kind_label, program_day, program_zone

# The program's rules that decide a candidate's own case. An application keeps them as they were
# when it was first submitted: a rule change applies to new cases (RULINGS, ADR 0055).
CASE_RULES = (
    "experience_hours_required",
    "experience_window_years",
    "electives_required",
    "completion_limit_years",
    "portfolio_met_percent",
    "portfolio_resubmissions",
)


class Application(ApplicationWorkflow, StaffCase):
    """A candidate's application to a program: education, experience, attestation, decision.

    Its statuses and moves are in `certify/applications/workflow.py`; staff's notes and its
    assignment are casework's (`StaffCase`, ADR 0048)."""

    case_kind = "application"
    case_permission = "applications.review_applications"

    class Education(models.TextChoices):
        DIPLOMA = "diploma", "High-school diploma"
        EQUIVALENT = "equivalent", "GED or another high-school equivalent"
        HIGHER = "higher", "College degree below a bachelor's (such as an associate degree)"
        BACHELORS = "bachelors", "Bachelor's degree"
        MASTERS = "masters", "Master's degree or higher"
        NONE = "none", "None of these"

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="applications"
    )
    # The version of the program's competency framework the candidate enrolled under: set at
    # acceptance to the published one, kept when a newer version is published, changed only by
    # staff moving the candidate (ADR 0056).
    framework_version = models.ForeignKey(
        "programs.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )

    education_level = models.CharField(max_length=12, choices=Education.choices, blank=True)
    education_country = CountryField(blank=True, default="US")
    education_note = models.TextField(
        blank=True, help_text="For education outside the US: the school, diploma and year."
    )
    education_accredited = models.BooleanField(
        default=False,
        help_text="The candidate's degree is from a program the program's accreditor recognizes "
        "(asked only when the program's education rule needs it).",
    )
    attested = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # A snapshot of the rule's verdict at submission, for staff and reports.
    eligible_hours = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    window_start = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    # Nullable: added to the table in place, which keeps its data-version triggers (SQLite
    # rebuilds a table for a column that cannot be null, and the triggers go with it).
    rules = models.JSONField(
        null=True,
        blank=True,
        help_text="The program's case rules (CASE_RULES) as they were at the first submission.",
    )

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(blank=True)
    enrolled_on = models.DateField(null=True, blank=True)
    completion_deadline = models.DateField(null=True, blank=True)
    number_key = models.CharField(
        max_length=16,
        unique=True,
        default=code_new,
        editable=False,
        help_text=(
            "The candidate number's own part (LSSCP-C-<this>): random for new applications, the "
            "old six-digit id for those numbered before (ADR 0021)."
        ),
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "program"],
                condition=~Q(status__in=["rejected", "withdrawn"]),
                name="one_open_application_per_program",
            ),
        ]
        indexes = [
            # The staff queue: filtered by status, in this order, a page found by an
            # index-only scan (applications.selectors.application_queue_rows).
            models.Index(fields=["status", "submitted_at", "id"], name="application_queue_idx"),
            # The daily completion-deadline reminders read only the deadlines due (ADR 0060).
            models.Index(fields=["status", "completion_deadline"], name="application_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.program}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})

    def get_staff_url(self) -> str:
        return reverse("applications:staff_detail", kwargs={"pk": self.pk})

    def case_subject(self) -> Any:
        return self.candidate

    def case_time_zone(self) -> str:
        return self.program.time_zone

    def rule(self, name: str) -> int:
        """One of the case's rules (`CASE_RULES`): as kept at the first submission, else (a
        draft, or an application made before rules were kept) the program's."""
        kept = (self.rules or {}).get(name)
        return int(kept if kept is not None else getattr(self.program, name))

    def rules_keep(self) -> None:
        """Keep the program's case rules now, once: submitted again, it keeps the first ones."""
        if not self.rules:
            self.rules = {name: getattr(self.program, name) for name in CASE_RULES}

    @property
    def education_outside_us(self) -> bool:
        code = getattr(self.education_country, "code", self.education_country)
        return bool(code) and code != "US"

    @property
    def started_on(self) -> date:
        """The day the application was started, in the program's time zone (RULINGS)."""
        return program_day(self.created_at, self.program)

    @property
    def submitted_on(self) -> date | None:
        """The day it was (last) submitted, in the program's time zone (RULINGS): submitted at
        23:30 in Denver, it is that day, not the next one in Chicago."""
        return program_day(self.submitted_at, self.program) if self.submitted_at else None

    @property
    def decided_on(self) -> date | None:
        """The day of the decision in the program's time zone (RULINGS), the day its appeal
        window counts from (`appeals.api.appeal_window`)."""
        return program_day(self.decided_at, self.program) if self.decided_at else None

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.MORE_INFO)

    @property
    def eligible_hours_text(self) -> str:
        """The snapshot in whole hours, rounded down ("3,131"), as the live check shows them."""
        return whole_hours(self.eligible_hours or Decimal(0))


class ExperienceEntry(SupervisorConfirmationWorkflow):
    class LibraryType(models.TextChoices):
        PUBLIC = "public", "Public"
        ACADEMIC = "academic", "Academic"
        SCHOOL = "school", "School"
        SPECIAL = "special", "Special"
        TRIBAL = "tribal", "Tribal"
        OTHER = "other", "Other"

    class HoursMode(models.TextChoices):
        WEEKLY = "weekly", "Hours per week"
        TOTAL = "total", "Total hours"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="experience"
    )
    library_name = models.CharField(max_length=200)
    # The kind of workplace, by its code in the program's list when the entry was saved (LSSCP:
    # `LibraryType`); empty when the program offers no kinds (programs/experience.py).
    library_type = models.CharField(max_length=10, blank=True)
    role = models.CharField(max_length=200)
    paid = models.BooleanField(default=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if ongoing.")
    hours_mode = models.CharField(max_length=6, choices=HoursMode.choices, default=HoursMode.WEEKLY)
    hours_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    total_hours = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    supervisor_name = models.CharField(max_length=200, blank=True)
    supervisor_email = models.EmailField(blank=True)
    supervisor_hours = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The supervisor's correction, in the entry's unit.",
    )
    supervisor_note = models.TextField(blank=True)
    supervisor_responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the candidate removed it: it can be put back for a few minutes (ADR 0040).",
    )

    # Removed entries are invisible everywhere (the application's entries, eligibility, staff
    # pages, exports) except to the undo and the purge, which read `with_removed`.
    objects = NotRemovedManager()
    with_removed = WithRemovedManager()

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name_plural = "experience entries"
        # The daily purge reads the removed entries only (a few among all: ADR 0060), by this
        # partial index rather than the whole table.
        indexes = [
            models.Index(
                fields=["removed_at"],
                name="experience_removed_idx",
                condition=models.Q(removed_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.library_name}"

    @property
    def kind_name(self) -> str:
        """The kind of workplace in the program's words ("Public"), or its stored code."""
        return kind_label(self.application.program, self.library_type)

    def as_experience(self) -> Experience:
        weekly = self.hours_mode == self.HoursMode.WEEKLY
        return Experience(
            start=self.start_date,
            end=self.end_date,
            hours_per_week=self.hours_per_week if weekly else None,
            total_hours=None if weekly else self.total_hours,
            label=self.library_name,
        )

    # What a supervisor's answer covers (ADR 0024): changing any of these after asking makes the
    # entry "changed", not confirmed.
    CONFIRMED_FIELDS = (
        "library_name",
        "start_date",
        "end_date",
        "hours_mode",
        "hours_per_week",
        "total_hours",
        "supervisor_email",
    )

    def confirmation_details(self) -> dict[str, str]:
        """The entry's employer, dates, hours and supervisor address, as plain text (40 and
        40.00 hours are the same), the way a confirmation records them."""
        weekly = self.hours_mode == self.HoursMode.WEEKLY
        return {
            "library_name": self.library_name.strip(),
            "start_date": self.start_date.isoformat() if self.start_date else "",
            "end_date": self.end_date.isoformat() if self.end_date else "",
            "hours_mode": self.hours_mode,
            "hours": _plain(self.hours_per_week if weekly else self.total_hours),
            "supervisor_email": self.supervisor_email.strip().lower(),
        }

    @property
    def open_confirmation_request(self) -> "ConfirmationRequest | None":
        """The request whose link still waits for an answer (reads prefetched rows)."""
        waiting = [r for r in self.confirmation_requests.all() if r.is_open]
        return waiting[-1] if waiting else None

    @property
    def claimed_hours_text(self) -> str:
        if self.hours_mode == self.HoursMode.WEEKLY:
            return f"{_plain(self.hours_per_week)} hours a week"
        return f"{_plain(self.total_hours)} hours in total"


def _plain(value: Decimal | None) -> str:
    """35.00 → "35", 12.50 → "12.5"."""
    return format((value or Decimal(0)).normalize(), "f")


class ConfirmationRequest(models.Model):
    """One request to a supervisor to confirm an entry: what they were asked about, to whom it
    went, its single-use link, and how it ended (answered, or stopped without an answer).

    Staff read these rows as the entry's history of confirmations."""

    class Ended(models.TextChoices):
        OPEN = "", "Open"
        ANSWERED = "answered", "Answered"
        REPLACED = "replaced", "Replaced by a newer request"
        CHANGED = "changed", "Stopped: the candidate changed the entry"
        SUBMITTED = "submitted", "Stopped: the application was submitted first"

    entry = models.ForeignKey(
        ExperienceEntry, on_delete=models.CASCADE, related_name="confirmation_requests"
    )
    link = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_to = models.EmailField()
    supervisor_name = models.CharField(max_length=200, blank=True)
    details = models.JSONField(help_text="The entry's employer, dates and hours as sent.")
    requested_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    ended = models.CharField(max_length=10, choices=Ended.choices, blank=True, default="")
    ended_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(
        max_length=10,
        blank=True,
        help_text="confirmed or corrected, as the supervisor answered.",
    )
    answer_hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    answer_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} — asked {self.sent_to}"

    @property
    def is_open(self) -> bool:
        return self.ended == self.Ended.OPEN

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def expires_on(self) -> date:
        """The day the link expires, in the program's time zone (RULINGS: dates are shown there):
        a Denver link ending at 23:30 works until that day, not the next one in Chicago. A link
        ends at the midnight after its last day (`core.links.link_ends`): that last day."""
        return link_last_day(self.expires_at, program_zone(self.entry.application.program))

    @property
    def hours_text(self) -> str:
        unit = "a week" if self.details.get("hours_mode") == "weekly" else "in total"
        return f"{self.details.get('hours', '')} hours {unit}"


class ApplicationTransition(models.Model):
    """One move of an application's status: who, when, from, to and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, choices=Application.Status.choices)
    to_status = models.CharField(max_length=12, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
