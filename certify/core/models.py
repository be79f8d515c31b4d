from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what, to what, when and why. Rows are only ever added."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Audit rows never change, so a person with a history is closed, not deleted.
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system acted (a command or a scheduled job).",
    )
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        permissions = [("use_admin", "Can use the administration site")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"


class Event(models.Model):
    """Something that happened, recorded in the transaction that made it happen (the outbox).

    Written by `certify.core.events.publish`; rows are only ever added. Each subscriber's
    delivery is an `EventDelivery`.
    """

    name = models.CharField(max_length=100, db_index=True, help_text='e.g. "invoice.paid"')
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class EventDelivery(models.Model):
    """One subscriber's delivery of one event: tried until it is done, at least once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(max_length=200, help_text="The subscriber's dotted name.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker runs the handler; a claim older than the stuck limit is taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "event deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="one_delivery_per_handler")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event.name} #{self.event_id} to {self.handler}"


class TaskWorker(models.Model):
    """A running `manage.py db_worker` process and when it last said it was alive.

    django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
    worker killed mid-task leaves it RUNNING for ever. `certify.core.workers` keeps one row per
    worker (a heartbeat) so that a task whose worker is gone can be handed back to the queue.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} (pid {self.pid} on {self.host})"


class DataVersion(models.Model):
    """A number the database itself changes whenever a row of someone's data changes (ADR 0071).

    Written only by triggers (`certify/core/data_versions.py`): `key` is a person's id for the
    rows about them (their applications, plan, invoices), 0 for what every person's pages share
    (programs, framework versions, competency sets). No row: nothing changed since the triggers
    were installed (version 0). A new version is never one used before, even after a rollback
    (a sequence on PostgreSQL, a random 64-bit number on SQLite)."""

    key = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"


class UsedFormToken(models.Model):
    """A one-time form token that was spent (ADR 0043, `certify/core/once.py`): the form that
    carried it made its row, and the same form sent again (a reload, the back button, a second
    tab) finds the token here and makes nothing. The unique token is what decides a race."""

    token = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=60)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)  # the daily prune

    def __str__(self) -> str:
        return f"{self.purpose} {self.used_at:%Y-%m-%d %H:%M}"
