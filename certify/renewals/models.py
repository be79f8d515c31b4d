"""Continuing education, renewals of certificates, and reinstatements of lapsed ones."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from certify.casework.models import StaffCase
from certify.core.storage import private_storage
from certify.core.undo import NotRemovedManager, WithRemovedManager
from certify.programs.api import program_day
from certify.renewals.workflow import RenewalWorkflow


def evidence_path(instance: "CeActivity", filename: str) -> str:
    # Stored names never come from the user: a random id and an extension decided by content.
    return f"ce-evidence/{instance.holder_id}/{uuid.uuid4().hex}{instance.evidence_extension}"


class CeActivity(models.Model):
    """One continuing-education activity a holder recorded: its amount in the unit of its format
    (hours, credits or conference days), converted to hours by the program's rules."""

    class Format(models.TextChoices):
        HOURS = "hours", "Contact hours (workshop, webinar, class)"
        SEMESTER = "semester", "Semester credits"
        QUARTER = "quarter", "Quarter credits"
        CONFERENCE = "conference", "Conference days"

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ce_activities"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="ce_activities"
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, help_text="Who offered it.")
    completed_on = models.DateField("date")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.HOURS)
    amount = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    competency_sets = models.ManyToManyField(
        "programs.CompetencySet", blank=True, related_name="ce_activities"
    )
    evidence = models.FileField(upload_to=evidence_path, storage=private_storage, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_extension = models.CharField(max_length=10, blank=True)
    evidence_size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the holder removed it: it can be put back for a few minutes (ADR 0040).",
    )

    # Removed activities count nowhere (the log, the hours, renewals, exports) except for the
    # undo and the purge, which read `with_removed`.
    objects = NotRemovedManager()
    with_removed = WithRemovedManager()

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["holder", "program", "completed_on"])]
        verbose_name = "continuing-education activity"
        verbose_name_plural = "continuing-education activities"

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on})"

    # The unit as a person writes it after an amount ("1 semester credit", "2.5 conference days").
    UNITS = {
        "hours": ("contact hour", "contact hours"),
        "semester": ("semester credit", "semester credits"),
        "quarter": ("quarter credit", "quarter credits"),
        "conference": ("conference day", "conference days"),
    }

    @property
    def amount_display(self) -> str:
        singular, plural = self.UNITS.get(self.format, (self.format, self.format))
        amount = f"{Decimal(self.amount).normalize():f}"  # 1.00 → 1, 2.50 → 2.5, 10 → 10
        return f"{amount} {singular if self.amount == 1 else plural}"


class Renewal(RenewalWorkflow, StaffCase):
    """A holder's application to renew one certificate (its moves: `renewals/workflow.py`;
    staff's notes and its assignment: casework's `StaffCase`, ADR 0048)."""

    case_kind = "renewal"
    case_permission = "renewals.manage_renewals"

    OPEN = (
        RenewalWorkflow.Status.SUBMITTED,
        RenewalWorkflow.Status.IN_AUDIT,
        RenewalWorkflow.Status.MORE_EVIDENCE,
    )

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="renewals"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="renewals"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    status_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    hours_total = models.DecimalField(max_digits=7, decimal_places=2)
    hours_technology = models.DecimalField(max_digits=7, decimal_places=2)
    # The program's requirement when the holder applied: a rule change applies to new cases, so
    # a renewal sent back for more evidence is judged again by these (empty: made before).
    hours_required = models.PositiveSmallIntegerField(null=True, blank=True)
    technology_hours_required = models.PositiveSmallIntegerField(null=True, blank=True)
    # Applied before only activities tied to a competency set counted: judged again the same way.
    untied_hours_count = models.BooleanField(default=False)
    activities = models.ManyToManyField(CeActivity, blank=True, related_name="renewals")
    invoice = models.ForeignKey(
        "payments.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The audit draw, kept so anyone can re-check it: roll = sha256(seed:certificate) mod 10000,
    # audited when roll < percent * 100.
    audit_percent = models.PositiveSmallIntegerField()
    audit_seed = models.CharField(max_length=64)
    audit_roll = models.PositiveSmallIntegerField()
    audited = models.BooleanField(default=False)
    new_certificate = models.OneToOneField(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_from",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status__in=["submitted", "in_audit", "more_evidence", "approved"]),
                name="one_live_renewal_per_certificate",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"Renewal of {self.certificate}"

    @property
    def minimum_required(self) -> int:
        """Hours needed on the program's minimum set (LSSCP: Technology), 0 for none: the rule
        kept when the holder applied, else the program's."""
        if self.technology_hours_required is not None:
            return self.technology_hours_required
        return self.program.renewal_technology_hours

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def checked_after_refusal(self) -> bool:
        """In the evidence check though the draw did not choose it: staff refused an earlier
        renewal of its certificate (ADR 0014)."""
        return self.audited and self.audit_roll >= self.audit_percent * 100

    @property
    def submitted_on(self) -> date | None:
        """The day the holder applied, in the program's time zone (RULINGS: dates are shown
        there): applied at 23:30 in Denver, it is that day, not the next one in Chicago."""
        return program_day(self.submitted_at, self.program) if self.submitted_at else None

    def get_staff_url(self) -> str:
        return reverse("renewals:staff_detail", kwargs={"pk": self.pk})

    def case_subject(self) -> Any:
        return self.holder

    def case_time_zone(self) -> str:
        return self.program.time_zone


class RenewalTransition(models.Model):
    """One move of a renewal's status: who, when, from, to and why."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=14, choices=Renewal.Status.choices)
    to_status = models.CharField(max_length=14, choices=Renewal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.renewal}: {self.from_status} → {self.to_status}"


class Reinstatement(models.Model):
    """Staff reopened renewal of a lapsed certificate until `renew_by`, for a reason."""

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="reinstatements"
    )
    renew_by = models.DateField(help_text="The last day the holder may apply to renew.")
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The daily renewal reminders find the reinstatements whose last day to renew ended
        # since their last run by it (ADR 0060), not by reading them all.
        indexes = [models.Index(fields=["renew_by"], name="reinstatement_renew_by")]

    def __str__(self) -> str:
        return f"{self.certificate} reinstated until {self.renew_by}"
