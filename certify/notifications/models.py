from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Notification(models.Model):
    """One thing someone was told: shown in the app and, unless switched off, e-mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A path on this site.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Set for reminders: the same key is never sent twice.",
    )
    not_emailed = models.BooleanField(
        default=False,
        help_text="Its e-mail was held: the account had confirmed no address (ADR 0025).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"


class OutgoingEmail(models.Model):
    """An e-mail to deliver. It stays here until sent, or until staff see that it failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: needs attention"
        HELD = "held", "Held: address not confirmed"

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    sent_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose request this e-mail carries to an address that need not be an "
        "account (a supervisor, an attester, an invitation); these count toward the limits "
        "of docs/decisions/0029-no-relaying.md.",
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["sent_for", "created_at"], name="outgoing_sent_for_day_idx"),
            models.Index(
                Lower("to"),
                "created_at",
                name="outgoing_relayed_to_day_idx",
                condition=Q(sent_for__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.get_status_display()})"


class RelayStop(models.Model):
    """The owner of an address said an e-mail Certify sent on someone's behalf was not expected:
    no more e-mail goes to that address on that person's behalf, and staff see the report."""

    address = models.EmailField(help_text="Stored lowercased.")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        OutgoingEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The e-mail whose link was used.",
    )
    subject = models.CharField(max_length=300, blank=True, help_text="That e-mail's subject.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["address", "sender"], name="unique_relay_stop"),
        ]

    def __str__(self) -> str:
        return f"{self.address} stopped e-mail on behalf of {self.sender}"


class EmailPreference(models.Model):
    """A person's choice to not receive one kind of non-essential e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    event = models.CharField(max_length=60)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="unique_email_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event} {'on' if self.enabled else 'off'}"


class JobRun(models.Model):
    """A daily job's run for one day: a second run the same day is skipped."""

    job = models.CharField(max_length=80)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="unique_job_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
