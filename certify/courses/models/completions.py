"""Course completions: recorded, reported (CSV imports), and report rows that matched nobody."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from certify.core.storage import private_storage
from certify.courses.models.courses import Course
from certify.courses.models.files import certificate_path, import_path
from certify.courses.models.providers import Provider, ProviderApiKey
from certify.courses.workflows.completion import CourseCompletionWorkflow
from certify.courses.workflows.completion_import import CompletionImportWorkflow
from certify.courses.workflows.unmatched import UnmatchedCompletionWorkflow


class CompletionImport(CompletionImportWorkflow):
    """A CSV of completions a provider uploaded: checked in the background, then imported
    (`certify/courses/workflows/completion_import.py`)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="imports")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=import_path, storage=private_storage)
    original_name = models.CharField(max_length=255, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    ready_count = models.PositiveIntegerField(default=0, help_text="Rows that will be recorded.")
    duplicate_count = models.PositiveIntegerField(default=0)
    unmatched_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{line, values, message}]")
    preview = models.JSONField(default=list, blank=True, help_text="The first rows, as read.")
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name or 'CSV'} for {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("courses:import", kwargs={"pid": self.provider_id, "iid": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def percent(self) -> int:
        return int(self.rows_done * 100 / self.total_rows) if self.total_rows else 0


class CourseCompletion(CourseCompletionWorkflow):
    """A candidate completed an approved course; once confirmed it satisfies the set
    (`certify/courses/workflows/completion.py`)."""

    class Source(models.TextChoices):
        CANDIDATE = "candidate", "Recorded by the candidate"
        PROVIDER_CSV = "provider_csv", "Reported by the provider (CSV)"
        PROVIDER_API = "provider_api", "Reported by the provider (API)"
        PROVIDER_FORM = "provider_form", "Reported by the provider (one completion, on the web)"
        STAFF = "staff", "Matched by program staff"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_completions"
    )
    completed_on = models.DateField()
    source = models.CharField(max_length=14, choices=Source.choices)
    reference = models.CharField(
        max_length=100, blank=True, help_text="The provider's own reference, if any."
    )
    certificate = models.FileField(upload_to=certificate_path, storage=private_storage, blank=True)
    certificate_name = models.CharField(max_length=255, blank=True)
    certificate_content_type = models.CharField(max_length=100, blank=True)
    certificate_extension = models.CharField(max_length=10, blank=True)
    certificate_size = models.PositiveBigIntegerField(default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        ProviderApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_batch = models.ForeignKey(
        CompletionImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    applied_at = models.DateTimeField(
        null=True, blank=True, help_text="When it satisfied the set in the candidate's plan."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "application"],
                condition=~Q(status="rejected"),
                name="one_live_completion_per_course",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.candidate} completed {self.course}"


class UnmatchedCompletion(UnmatchedCompletionWorkflow):
    """A reported completion we could not match to an enrolled candidate; kept for staff
    (`certify/courses/workflows/unmatched.py`)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="unmatched")
    email = models.CharField(max_length=254, blank=True)
    candidate_number = models.CharField(max_length=40, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=14, choices=CourseCompletion.Source.choices)
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line in the CSV.")
    import_batch = models.ForeignKey(
        CompletionImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        ProviderApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    completion = models.ForeignKey(
        CourseCompletion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Unmatched: {self.email or self.candidate_number} ({self.course})"
