"""Provider consent: which providers may report a candidate's completions (ADR 0021)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from certify.courses.models.courses import Course
from certify.courses.models.providers import Provider
from certify.courses.workflows.consent import ProviderConsentWorkflow


class ProviderConsent(ProviderConsentWorkflow):
    """A candidate's consent that `provider` reports their completion of a course for the
    course's set: named in their plan (accepted from the start) or an enrolment invitation the
    candidate accepts (`certify/courses/workflows/consent.py`).

    An invitation to an address or number that matches no enrolled candidate is kept too, with
    no candidate: the provider's list shows it exactly like one not accepted yet."""

    class Source(models.TextChoices):
        PLAN = "plan", "Named in the candidate's plan"
        INVITATION = "invitation", "The provider's invitation"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="consents")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="consents")
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provider_consents",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    invited_as = models.CharField(
        max_length=254, blank=True, help_text="The e-mail address or number the provider gave."
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "application", "source"],
                condition=Q(status__in=["invited", "accepted"]),
                name="one_live_consent_per_course_and_source",
            )
        ]
        indexes = [models.Index(fields=["application", "status"], name="consent_application_idx")]

    def __str__(self) -> str:
        return (
            f"{self.candidate or self.invited_as} → {self.provider} ({self.get_status_display()})"
        )
