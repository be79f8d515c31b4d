"""Webhook endpoints, their signing secrets, deliveries and each attempt, and the certificates a
holder shared with an employer's account for status updates."""

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    PROGRAM = "program", "The program (program staff)"
    PROVIDER = "provider", "A course provider"
    SPONSOR = "sponsor", "A scholarship sponsor"
    EMPLOYER = "employer", "Certificates shared with you"


class Endpoint(models.Model):
    """A URL that receives the chosen event types of one scope. `disabled_at` set: it receives
    nothing more (its log stays). It is the word of whoever set it up or last saved it
    (`created_by`), under the same two-factor rule as their tokens and keys (ADR 0023)."""

    scope = models.CharField(max_length=10, choices=Scope.choices)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(
        "courses.Provider", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sponsor = models.ForeignKey(
        "scholarships.Sponsor", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The employer's own account (scope "employer"): it sees the certificates shared with it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField("address", max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    made_with_mfa = models.BooleanField(
        default=False,
        help_text="Whoever set it up or last saved it had two-factor authentication on then.",
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why it was disabled, when not by hand (a new password of whoever set it up).",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class Secret(models.Model):
    """A signing secret (`whsec_…`). Kept because signing needs it; shown once when made. After a
    rotation the old one keeps signing until `expires_at` (both signatures are sent)."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="secrets")
    value = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Secret {self.value[:10]}… of {self.endpoint_id}"


class Delivery(models.Model):
    """One message to one endpoint about one change: its `message_id` (the `webhook-id`) stays
    the same on every attempt and on "Send again", so receivers can drop duplicates."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (no more attempts)"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("core.Event", on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=40, unique=True)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_change")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.message_id})"


class Attempt(models.Model):
    """One try: when, how long, the response's code and the start of its body, or the error."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.started_at:%Y-%m-%d %H:%M:%S}: {self.response_code}"

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class CertificateShare(models.Model):
    """A holder lets the account with `email` follow their certificate's status by webhook."""

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.certificate_id} shared with {self.email}"
