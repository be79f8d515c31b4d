"""Recognised college programmes and graduates' claims."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from certify.core.storage import private_storage
from certify.courses.models.files import proof_path
from certify.courses.workflows.programme_claim import ProgrammeClaimWorkflow


class RecognisedProgramme(models.Model):
    """A recognition agreement with a college's library-technician programme."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="recognised_programmes"
    )
    college = models.CharField(max_length=200)
    name = models.CharField(max_length=200, help_text="e.g. Library Technical Assistant, AAS")
    reference = models.CharField(max_length=100, blank=True, help_text="The agreement's number.")
    starts_on = models.DateField(help_text="Graduates from this day on are covered.")
    ends_on = models.DateField(
        null=True, blank=True, help_text="Last graduation day covered; empty while it runs."
    )
    competency_sets = models.ManyToManyField("programs.CompetencySet", related_name="+")
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.college}"


class ProgrammeClaim(ProgrammeClaimWorkflow):
    """A graduate's claim that a recognised programme satisfies sets in their plan
    (`certify/courses/workflows/programme_claim.py`)."""

    programme = models.ForeignKey(
        RecognisedProgramme, on_delete=models.PROTECT, related_name="claims"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_claims"
    )
    graduated_on = models.DateField()
    proof = models.FileField(upload_to=proof_path, storage=private_storage)
    proof_name = models.CharField(max_length=255, blank=True)
    proof_content_type = models.CharField(max_length=100, blank=True)
    proof_extension = models.CharField(max_length=10, blank=True)
    proof_size = models.PositiveBigIntegerField(default=0)
    submitted_on = models.DateField(help_text="The two years are counted to this day.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "application"],
                condition=~Q(status="rejected"),
                name="one_live_claim_per_programme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.programme}"
