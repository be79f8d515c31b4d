"""Course providers (organisations), the people who act for them, and their API keys."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from certify.courses.workflows.provider import ProviderWorkflow


class Provider(ProviderWorkflow):
    """An organisation that offers courses: a college, an association, a state library…

    Its statuses and moves are in `certify/courses/workflows/provider.py`."""

    class Kind(models.TextChoices):
        COLLEGE = "college", "College or university"
        ASSOCIATION = "association", "Library association"
        STATE_LIBRARY = "state_library", "State library"
        ONLINE_SCHOOL = "online_school", "Online school"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(max_length=300, blank=True)
    contact_email = models.EmailField()
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProviderMembership",
        through_fields=("provider", "user"),
        related_name="provider_organisations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its own fields or its status last changed (not its people, keys or courses): the
    # `updated_at` a staff decision takes back as `updated_at_seen` (ADR 0009). A save with
    # `update_fields` names it to move it.
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    approval_stopped_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day program staff suspended or revoked the provider's approval.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("courses:provider", kwargs={"pid": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ProviderMembership(models.Model):
    """A person who acts for a provider (its staff). A person may act for several providers."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.provider}"


class ProviderApiKey(models.Model):
    """A key for the REST API that acts for one provider. Only its hash is stored."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. the LMS.")
    prefix = models.CharField(max_length=16, unique=True, help_text="Shown to tell keys apart.")
    key_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    made_with_mfa = models.BooleanField(
        default=False, help_text="Its maker had two-factor authentication on when they made it."
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Refused from then on; empty: until revoked."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
