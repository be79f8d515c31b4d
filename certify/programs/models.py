import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from certify.core.money import Money
from certify.programs.experience import ExperienceWords, experience_words
from certify.programs.rule_text import validate_prose
from certify.programs.workflow import FrameworkVersionWorkflow
from certify.programs.zones import validate_time_zone

# Namespace for the stable (uuid5) identifiers of frameworks, sets and competencies.
CERTIFY_NAMESPACE = uuid.UUID("6f1c2d4e-8a0b-5c3d-9e7f-1a2b3c4d5e6f")


def stable_uuid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(CERTIFY_NAMESPACE, "/".join(parts))


def site_time_zone() -> str:
    """A new program's time zone: the site's (`TIME_ZONE`)."""
    return str(settings.TIME_ZONE)


class EducationRule(models.TextChoices):
    """The least education a program asks of a candidate, from none to an accredited master's."""

    NONE = "none", "No minimum education"
    HIGH_SCHOOL = "high_school", "A high-school diploma or its equivalent"
    BACHELORS = "bachelors", "A bachelor's degree"
    MASTERS = "masters", "A master's degree"
    MASTERS_ACCREDITED = "masters_accredited", "A master's degree from an accredited program"


def validate_reminder_months(value: object) -> None:
    """Months before expiry at which renewal reminders go out: whole numbers, 1 to 60."""
    if not isinstance(value, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) for m in value
    ):
        raise ValidationError("Give the months as whole numbers, for example 12, 6, 3, 1.")
    if any(m < 1 or m > 60 for m in value):
        raise ValidationError("Each reminder is between 1 and 60 months before expiry.")


class Program(models.Model):
    """A certification program and every rule that makes it what it is."""

    EducationRule = EducationRule

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

    # Public page content: plain text, paragraphs separated by blank lines. A rule value is
    # quoted by placeholder ({enrollment_fee}), filled in from the fields below (rule_text).
    overview = models.TextField(blank=True, validators=[validate_prose])
    ways_to_show_competence = models.TextField(blank=True, validators=[validate_prose])
    who_can_apply = models.TextField(blank=True, validators=[validate_prose])
    costs = models.TextField(blank=True, validators=[validate_prose])
    help_with_costs = models.TextField(blank=True, validators=[validate_prose])
    contact_email = models.EmailField(blank=True)
    time_zone = models.CharField(
        max_length=64,
        default=site_time_zone,
        validators=[validate_time_zone],
        help_text="Dates of certificates (issued, valid until, status changes) are shown as the "
        "day they are in this time zone, e.g. America/Chicago.",
    )

    # The rules. No number here has a default: a program's data file (data/<slug>.json) seeds
    # them once, and from then on the database is the source (ADR 0020).

    # Structure.
    electives_required = models.PositiveSmallIntegerField()

    # Eligibility.
    experience_hours_required = models.PositiveIntegerField()
    experience_window_years = models.PositiveSmallIntegerField()
    education_required = models.CharField(
        max_length=20,
        choices=EducationRule.choices,
        help_text="The least education a candidate needs (programs/education.py applies it).",
    )
    education_accreditor = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who accredits the degree program, when the rule asks for an accredited one: "
        "e.g. the American Library Association (ALA).",
    )
    # What experience counts, in the program's words (programs/experience.py); a data file's
    # optional "experience" object seeds them, staff keep them after that.
    workplace_noun = models.CharField(max_length=40, default="organization")
    experience_field = models.CharField(max_length=60, blank=True)
    workplace_kinds = models.JSONField(default=list, blank=True)
    experience_counts = models.CharField(max_length=200, blank=True)
    non_us_education_case_by_case = models.BooleanField(
        default=True,
        help_text="Education outside the US goes to staff review; never decided automatically.",
    )

    # Time.
    completion_limit_years = models.PositiveSmallIntegerField(
        help_text="Years from acceptance to finish; staff may extend."
    )

    # Fees, in cents.
    currency = models.CharField(max_length=3, default="USD")
    enrollment_fee_cents = models.PositiveIntegerField()
    member_fee_cents = models.PositiveIntegerField()
    member_organisation = models.CharField(
        max_length=100, blank=True, help_text="Membership of this body gives the member price."
    )
    renewal_fee_cents = models.PositiveIntegerField()
    course_approval_fee_cents = models.PositiveIntegerField()
    payment_timing = models.CharField(
        max_length=20,
        choices=PaymentTiming.choices,
        default=PaymentTiming.AT_APPLICATION,
        help_text="When the enrollment fee is paid. Enrollment completes once it is settled.",
    )
    # How fees are paid: the ways an invoice offers. Not rules of certification (a data file
    # may leave them out); the program's data file seeds them, staff keep them after that.
    accepts_card = models.BooleanField(
        default=True,
        help_text="Offer card payment (only shown when card payments are configured too).",
    )
    accepts_check = models.BooleanField(
        default=True, help_text="Offer payment by check (shown when the postal address is set)."
    )
    accepts_purchase_order = models.BooleanField(
        default=True, help_text="Offer payment by purchase order or institutional invoice."
    )
    check_payable_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who checks are made out to, e.g. ALA-APA. Empty: the certifying body.",
    )
    check_address = models.TextField(
        blank=True,
        help_text="The postal address checks are mailed to, one line per line. Empty: checks "
        "are not offered.",
    )
    course_approval_years = models.PositiveSmallIntegerField()
    course_completion_lookback_years = models.PositiveSmallIntegerField(
        help_text="Completions up to this many years before a course's approval count."
    )
    recognised_programme_years = models.PositiveSmallIntegerField(
        help_text="Graduates of a recognized program apply within this many years."
    )

    # Portfolio assessment.
    portfolio_met_percent = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    portfolio_resubmissions = models.PositiveSmallIntegerField()

    # Certificate and renewal.
    certificate_validity_years = models.PositiveSmallIntegerField()
    certificate_approval_required = models.BooleanField(
        default=False, help_text="Staff approve issuance instead of it being automatic."
    )
    renewal_window_months = models.PositiveSmallIntegerField()
    renewal_grace_months = models.PositiveSmallIntegerField()
    renewal_ce_hours = models.PositiveSmallIntegerField()
    renewal_technology_hours = models.PositiveSmallIntegerField()
    semester_credit_hours = models.PositiveSmallIntegerField()
    quarter_credit_hours = models.PositiveSmallIntegerField()
    conference_day_hours = models.PositiveSmallIntegerField()
    renewal_technology_set_code = models.CharField(
        max_length=20,
        blank=True,
        help_text="Code of the competency set whose continuing education counts toward the "
        "technology hours (LSSCP: TEC). Empty: no technology minimum can be met.",
    )
    renewal_audit_percent = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)],
        help_text="Share of renewals chosen at random for an evidence check by staff.",
    )
    renewal_reminder_months = models.JSONField(
        validators=[validate_reminder_months],
        help_text="Months before expiry at which the holder is reminded to renew, e.g. "
        "[12, 6, 3, 1] (and once more at lapse).",
    )

    # Appeals.
    appeal_notice_days = models.PositiveSmallIntegerField()
    appeal_grounds_days = models.PositiveSmallIntegerField()

    # Service targets: how soon the program means to decide, shown to candidates beside the
    # typical turnaround of the last 90 days. Not rules of certification, so not in RULE_FIELDS
    # (a program's data file need not give them); staff set them in the program settings.
    target_application_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days from an application's submission to a decision (target)."
    )
    target_portfolio_review_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days from a portfolio's submission to its outcome (target)."
    )
    target_renewal_days = models.PositiveSmallIntegerField(
        default=21, help_text="Days from a renewal's submission to its decision (target)."
    )

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
    def has_member_price(self) -> bool:
        """Whether members of an organization pay less (a program may have no member price)."""
        return bool(self.member_organisation) and self.member_fee_cents < self.enrollment_fee_cents

    @property
    def renewal_fee(self) -> Money:
        return Money(self.renewal_fee_cents, self.currency)

    @property
    def course_approval_fee(self) -> Money:
        return Money(self.course_approval_fee_cents, self.currency)

    @property
    def check_payee(self) -> str:
        return self.check_payable_to or self.certifying_body

    @property
    def reminder_months(self) -> tuple[int, ...]:
        """The renewal reminders' months before expiry, latest first (12, 6, 3, 1)."""
        return tuple(sorted(set(self.renewal_reminder_months or ()), reverse=True))

    @property
    def experience_words(self) -> ExperienceWords:
        return experience_words(self)

    @property
    def education_text(self) -> str:
        """The education rule in words: "A master's degree from a program accredited by ALA"."""
        from certify.programs.rule_text import education_words

        words = education_words(self.education_required, self.education_accreditor)
        return words[:1].upper() + words[1:]


# The program's rules: the fields a data file's "rules" object gives, in its order.
RULE_FIELDS = (
    "contact_email",
    "electives_required",
    "experience_hours_required",
    "experience_window_years",
    "education_required",
    "education_accreditor",
    "non_us_education_case_by_case",
    "completion_limit_years",
    "currency",
    "enrollment_fee_cents",
    "member_fee_cents",
    "member_organisation",
    "renewal_fee_cents",
    "course_approval_fee_cents",
    "payment_timing",
    "course_approval_years",
    "course_completion_lookback_years",
    "recognised_programme_years",
    "portfolio_met_percent",
    "portfolio_resubmissions",
    "certificate_validity_years",
    "certificate_approval_required",
    "renewal_window_months",
    "renewal_grace_months",
    "renewal_ce_hours",
    "renewal_technology_hours",
    "semester_credit_hours",
    "quarter_credit_hours",
    "conference_day_hours",
    "renewal_technology_set_code",
    "renewal_audit_percent",
    "renewal_reminder_months",
    "appeal_notice_days",
    "appeal_grounds_days",
)

# How a program is paid: optional in a data file (its "payment" object), seeded once like the
# rules, then kept by staff.
PAYMENT_FIELDS = (
    "accepts_card",
    "accepts_check",
    "accepts_purchase_order",
    "check_payable_to",
    "check_address",
)


class FrameworkVersion(FrameworkVersionWorkflow):
    """One version of a program's competency framework: its sets and their competencies.

    A program publishes one version at a time; new candidates enroll under it and keep it (their
    application names it) until staff move them. A draft is edited, compared with the published
    version and published; a published or retired version never changes (ADR 0056).
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="framework_versions"
    )
    number = models.PositiveSmallIntegerField()
    label = models.CharField(
        max_length=100, blank=True, help_text="What people call it, e.g. “2012 revision”."
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version this draft was copied from.",
    )
    case_identifier = models.UUIDField(
        unique=True, help_text="The CASE CFDocument identifier of this version."
    )
    # Staff's choices for the old → new mapping of sets, by the old set's id: the id of the set
    # of this version it counts as, or None (counts as none). Sets not named here are matched
    # by CASE identifier, then by code (`programs.frameworks.set_mapping`).
    set_mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_framework_number"),
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status="published"),
                name="one_published_framework",
            ),
            models.UniqueConstraint(
                fields=["program"], condition=models.Q(status="draft"), name="one_draft_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} version {self.number}" + (f" ({self.label})" if self.label else "")

    @property
    def name(self) -> str:
        """“Version 2 (2012 revision)”: how pages and credentials name it."""
        return f"Version {self.number}" + (f" ({self.label})" if self.label else "")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class CompetencySet(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Required (core)"
        ELECTIVE = "elective", "Elective"

    class Routes(models.TextChoices):
        BOTH = "both", "Approved course or portfolio"
        COURSE = "course", "Approved course only"
        PORTFOLIO = "portfolio", "Portfolio only"

    # The program, kept beside the version for the many reads that filter by it.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="competency_sets")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="competency_sets"
    )
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(blank=True)
    routes = models.CharField(
        max_length=10,
        choices=Routes.choices,
        default=Routes.BOTH,
        help_text="How a candidate may show this set (a recognized college program aside).",
    )
    # Kept from version to version while the set is the same set (a CASE item's identity).
    case_identifier = models.UUIDField()

    class Meta:
        ordering = ["program", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "code"], name="unique_set_code_per_version"
            ),
            models.UniqueConstraint(
                fields=["framework_version", "case_identifier"],
                name="unique_set_identifier_per_version",
            ),
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

    def is_same_set(self, other: "CompetencySet") -> bool:
        """The same set, in this or another version of the program's framework (ADR 0056)."""
        return self.pk == other.pk or (
            self.program_id == other.program_id and self.case_identifier == other.case_identifier
        )

    def allows_route(self, route: str) -> bool:
        """Whether a candidate may show this set by `route` ("course", "portfolio", …)."""
        if route in (self.Routes.COURSE, self.Routes.PORTFOLIO):
            return self.routes in (self.Routes.BOTH, route)
        return True


class Competency(models.Model):
    competency_set = models.ForeignKey(
        CompetencySet, on_delete=models.CASCADE, related_name="competencies"
    )
    code = models.CharField(max_length=30)
    statement = models.TextField()
    portfolio_suggestion = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Kept from version to version while the competency is the same (a CASE item's identity).
    case_identifier = models.UUIDField()

    class Meta:
        ordering = ["competency_set", "order", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["competency_set", "code"], name="unique_competency_code"
            ),
            models.UniqueConstraint(
                fields=["competency_set", "case_identifier"],
                name="unique_competency_identifier_per_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"


class FaqEntry(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=300, validators=[validate_prose])
    answer = models.TextField(validators=[validate_prose])
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["program", "order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question
