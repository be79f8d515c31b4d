"""Courses, their competency map, evaluations and approval periods."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from certify.core.money import Money
from certify.core.storage import private_storage
from certify.courses.models.files import syllabus_path
from certify.courses.models.providers import Provider
from certify.courses.workflows.course import CourseWorkflow


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
    url = models.URLField(max_length=300, blank=True, help_text="Where to enroll.")
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
    approval_stopped_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day program staff suspended or revoked the approval: completions count "
        "up to the day before.",
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
