"""Providers, their courses and approvals, completions, and recognised college programmes."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from certify.core.money import Money
from certify.core.storage import private_storage
from certify.courses.workflows.completion import CourseCompletionWorkflow
from certify.courses.workflows.completion_import import CompletionImportWorkflow
from certify.courses.workflows.course import CourseWorkflow
from certify.courses.workflows.programme_claim import ProgrammeClaimWorkflow
from certify.courses.workflows.provider import ProviderWorkflow
from certify.courses.workflows.unmatched import UnmatchedCompletionWorkflow


def _private_path(folder: str, extension: str) -> str:
    # Stored names never come from the user: a random id and an extension decided by content.
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def syllabus_path(instance: "Course", filename: str) -> str:
    return _private_path(f"syllabi/{instance.provider_id}", instance.syllabus_extension)


def certificate_path(instance: "CourseCompletion", filename: str) -> str:
    return _private_path(f"completions/{instance.course_id}", instance.certificate_extension)


def import_path(instance: "CompletionImport", filename: str) -> str:
    return _private_path(f"completion-imports/{instance.provider_id}", ".csv")


def proof_path(instance: "ProgrammeClaim", filename: str) -> str:
    return _private_path(f"programme-proofs/{instance.programme_id}", instance.proof_extension)


# --- Providers ---------------------------------------------------------------------------------


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
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


# --- Courses and their approval ----------------------------------------------------------------


class Course(CourseWorkflow):
    """A course a provider offers for one competency set, and where its approval stands.

    `status` is the review cycle (`certify/courses/workflows/course.py`); whether the course is
    in the catalogue depends only on its approval periods (`approval_expires_on`), so a renewal
    under review stays listed.
    """

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "Hybrid"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="courses"
    )
    competency_set = models.ForeignKey(
        "programs.CompetencySet", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    format = models.CharField(max_length=10, choices=Format.choices)
    self_paced = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    cost_cents = models.PositiveIntegerField(default=0, help_text="Tuition, in cents.")
    url = models.URLField(max_length=300, blank=True, help_text="Where to enrol.")
    assessments = models.TextField(help_text="How learners show what they learned.")
    instructors = models.TextField(help_text="Who teaches it, and their qualifications.")

    syllabus = models.FileField(upload_to=syllabus_path, storage=private_storage, blank=True)
    syllabus_name = models.CharField(max_length=255, blank=True)
    syllabus_content_type = models.CharField(max_length=100, blank=True)
    syllabus_extension = models.CharField(max_length=10, blank=True)
    syllabus_size = models.PositiveBigIntegerField(default=0)

    review_round = models.PositiveSmallIntegerField(
        default=0, help_text="Goes up at each submission; evaluations belong to one round."
    )
    fee_invoice = models.ForeignKey(
        "payments.Invoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The approval fee of the approval being sought now.",
    )
    first_approved_on = models.DateField(null=True, blank=True)
    approval_expires_on = models.DateField(
        null=True, blank=True, help_text="End of the latest approval period (last valid day)."
    )
    search_document = models.TextField(
        blank=True, help_text="Title, description, provider and set, for full-text search."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["approval_expires_on"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", kwargs={"pk": self.pk})

    def get_provider_url(self) -> str:
        return reverse("courses:course_edit", kwargs={"pid": self.provider_id, "cid": self.pk})

    @property
    def cost(self) -> Money:
        return Money(self.cost_cents, self.program.currency)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def ever_approved(self) -> bool:
        return self.first_approved_on is not None


class CourseCompetency(models.Model):
    """Where the course covers one competency of its set (the map)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="mappings")
    competency = models.ForeignKey(
        "programs.Competency", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(help_text="The module, unit or activity that covers it.")

    class Meta:
        ordering = ["competency__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="one_mapping_each")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.competency.code}"


class CourseTransition(models.Model):
    """One move of a course's status: who, when, from, to and why."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Course.Status.choices)
    to_status = models.CharField(max_length=10, choices=Course.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.from_status} → {self.to_status}"


class CourseEvaluation(models.Model):
    """One evaluator's scoring of a submitted course against the rubric."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluations")
    round = models.PositiveSmallIntegerField()
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_evaluations"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "round", "evaluator"], name="one_evaluation_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.course} (round {self.round})"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(
        CourseEvaluation, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_each"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=4), name="score_from_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class CourseApproval(models.Model):
    """One approval period (four years in LSSCP). A renewal adds the next one."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="approvals")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    expires_on = models.DateField(help_text="The last day of the approval.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    invoice = models.ForeignKey(
        "payments.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="one_approval_number")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.starts_on} to {self.expires_on}"


# --- Completions -------------------------------------------------------------------------------


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


# --- Recognised college programmes -------------------------------------------------------------


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
