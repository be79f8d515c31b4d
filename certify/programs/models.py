import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from certify.core.money import Money

# Namespace for the stable (uuid5) identifiers of frameworks, sets and competencies.
CERTIFY_NAMESPACE = uuid.UUID("6f1c2d4e-8a0b-5c3d-9e7f-1a2b3c4d5e6f")


def stable_uuid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(CERTIFY_NAMESPACE, "/".join(parts))


class Program(models.Model):
    """A certification program and every rule that makes it what it is."""

    class PaymentTiming(models.TextChoices):
        AT_APPLICATION = "at_application", "When applying (refunded if not eligible)"
        AFTER_ACCEPTANCE = "after_acceptance", "After the application is accepted"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30)
    certifying_body = models.CharField(max_length=200)
    tagline = models.CharField(max_length=300, blank=True)
    is_published = models.BooleanField(default=True)
    case_identifier = models.UUIDField(
        unique=True, help_text="The CASE CFDocument identifier of the competency framework."
    )

    # Public page content: plain text, paragraphs separated by blank lines.
    overview = models.TextField()
    ways_to_show_competence = models.TextField(blank=True)
    who_can_apply = models.TextField(blank=True)
    costs = models.TextField(blank=True)
    help_with_costs = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)

    # Structure.
    electives_required = models.PositiveSmallIntegerField(default=3)

    # Eligibility.
    experience_hours_required = models.PositiveIntegerField(default=1820)
    experience_window_years = models.PositiveSmallIntegerField(default=5)
    diploma_required = models.BooleanField(
        default=True, help_text="A high-school diploma or its equivalent is required."
    )
    non_us_education_case_by_case = models.BooleanField(
        default=True,
        help_text="Education outside the US goes to staff review; never decided automatically.",
    )

    # Time.
    completion_limit_years = models.PositiveSmallIntegerField(
        default=4, help_text="Years from acceptance to finish; staff may extend."
    )

    # Fees, in cents.
    currency = models.CharField(max_length=3, default="USD")
    enrollment_fee_cents = models.PositiveIntegerField(default=35000)
    member_fee_cents = models.PositiveIntegerField(default=32500)
    member_organisation = models.CharField(
        max_length=100, default="ALA", help_text="Membership of this body gives the member price."
    )
    renewal_fee_cents = models.PositiveIntegerField(default=15000)
    course_approval_fee_cents = models.PositiveIntegerField(default=10000)
    payment_timing = models.CharField(
        max_length=20,
        choices=PaymentTiming.choices,
        default=PaymentTiming.AT_APPLICATION,
        help_text="When the enrollment fee is paid. Enrollment completes once it is settled.",
    )
    course_approval_years = models.PositiveSmallIntegerField(default=4)
    course_completion_lookback_years = models.PositiveSmallIntegerField(
        default=2, help_text="Completions up to this many years before a course's approval count."
    )
    recognised_programme_years = models.PositiveSmallIntegerField(
        default=2, help_text="Graduates of a recognised programme apply within this many years."
    )

    # Portfolio assessment.
    portfolio_met_percent = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    portfolio_resubmissions = models.PositiveSmallIntegerField(default=1)

    # Certificate and renewal.
    certificate_validity_years = models.PositiveSmallIntegerField(default=5)
    certificate_approval_required = models.BooleanField(
        default=False, help_text="Staff approve issuance instead of it being automatic."
    )
    renewal_window_months = models.PositiveSmallIntegerField(default=12)
    renewal_grace_months = models.PositiveSmallIntegerField(default=2)
    renewal_ce_hours = models.PositiveSmallIntegerField(default=32)
    renewal_technology_hours = models.PositiveSmallIntegerField(default=4)
    semester_credit_hours = models.PositiveSmallIntegerField(default=15)
    quarter_credit_hours = models.PositiveSmallIntegerField(default=10)
    conference_day_hours = models.PositiveSmallIntegerField(default=6)
    renewal_technology_set_code = models.CharField(
        max_length=20,
        blank=True,
        help_text="Code of the competency set whose continuing education counts toward the "
        "technology hours (LSSCP: TEC). Empty: no technology minimum can be met.",
    )
    renewal_audit_percent = models.PositiveSmallIntegerField(
        default=10,
        validators=[MaxValueValidator(100)],
        help_text="Share of renewals drawn at random for a staff check of their evidence.",
    )

    # Appeals.
    appeal_notice_days = models.PositiveSmallIntegerField(default=10)
    appeal_grounds_days = models.PositiveSmallIntegerField(default=30)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:overview", kwargs={"slug": self.slug})

    @property
    def enrollment_fee(self) -> Money:
        return Money(self.enrollment_fee_cents, self.currency)

    @property
    def member_fee(self) -> Money:
        return Money(self.member_fee_cents, self.currency)

    @property
    def renewal_fee(self) -> Money:
        return Money(self.renewal_fee_cents, self.currency)

    @property
    def course_approval_fee(self) -> Money:
        return Money(self.course_approval_fee_cents, self.currency)


class CompetencySet(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Required (core)"
        ELECTIVE = "elective", "Elective"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="competency_sets")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(blank=True)
    case_identifier = models.UUIDField(unique=True)

    class Meta:
        ordering = ["program", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_set_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "programs:set_detail", kwargs={"slug": self.program.slug, "code": self.code.lower()}
        )

    @property
    def is_core(self) -> bool:
        return self.kind == self.Kind.CORE


class Competency(models.Model):
    competency_set = models.ForeignKey(
        CompetencySet, on_delete=models.CASCADE, related_name="competencies"
    )
    code = models.CharField(max_length=30)
    statement = models.TextField()
    portfolio_suggestion = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    case_identifier = models.UUIDField(unique=True)

    class Meta:
        ordering = ["competency_set", "order", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["competency_set", "code"], name="unique_competency_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"


class FaqEntry(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=300)
    answer = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["program", "order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question
