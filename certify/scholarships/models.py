from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property

from certify.core.money import Money
from certify.scholarships import eligibility
from certify.scholarships.workflows.application import ScholarshipApplicationWorkflow
from certify.scholarships.workflows.award import AwardWorkflow


class Purpose(models.TextChoices):
    """What an award pays toward."""

    ENROLLMENT = "enrollment", "The enrollment fee"
    CLASS = "class", "A class toward certification"
    RENEWAL = "renewal", "Certificate renewal"


class Sponsor(models.Model):
    """Who runs scholarship funds, e.g. a state association's Support Staff Division."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "memberships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsors",
        help_text="The organization whose memberships this sponsor confirms (e.g. SSD).",
    )
    joining_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Said to people who are not members, e.g. “joining SSD is free”.",
    )
    description = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SponsorMember(models.Model):
    """A person who runs a sponsor's funds: an administrator or a committee member."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator"
        COMMITTEE = "committee", "Committee member"

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsor_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.COMMITTEE)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sponsor", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "user"], name="one_sponsor_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.sponsor})"


class Fund(models.Model):
    """Money a sponsor gives out in awards of a fixed amount, under its eligibility rules.

    `committed_cents`, `paid_cents` and `awards_made` are recounted from the live awards while
    the fund's row is locked; the check constraints make overspending impossible even then.
    """

    class Method(models.TextChoices):
        COMMITTEE = "committee", "Committee decision"
        DRAW = "draw", "Random draw among eligible applicants"

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="funds")
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The program whose fees it pays; empty for the site's default program.",
    )
    pays_enrollment = models.BooleanField("pays the enrollment fee", default=False)
    pays_class = models.BooleanField("pays a class toward certification", default=False)
    pays_renewal = models.BooleanField("pays certificate renewal", default=False)
    currency = models.CharField(max_length=3, default="USD")
    budget_cents = models.PositiveIntegerField()
    award_cents = models.PositiveIntegerField()
    max_awards = models.PositiveSmallIntegerField()
    opens_on = models.DateField(help_text="The first day applications are accepted.")
    closes_on = models.DateField(
        null=True, blank=True, help_text="The last day applications are accepted; empty: open."
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.COMMITTEE)
    required_organisations = models.ManyToManyField(
        "memberships.Organisation",
        blank=True,
        related_name="+",
        help_text="Applicants need a confirmed, current membership of each.",
    )
    cooldown_months = models.PositiveSmallIntegerField(
        default=18,
        help_text="One award per person in this many months, across all the sponsor's funds; "
        "0 for no limit.",
    )
    states = models.CharField(
        max_length=200,
        blank=True,
        help_text="Two-letter codes of the states of employment it is open to, comma-separated; "
        "empty for any.",
    )
    min_years_experience = models.PositiveSmallIntegerField(
        default=0, help_text="Years of library experience needed; 0 for none."
    )
    award_valid_months = models.PositiveSmallIntegerField(
        default=12, help_text="An award not used within this many months returns to the fund."
    )
    decisions_by = models.DateField(
        null=True,
        blank=True,
        help_text="The day applicants will know the decisions; shown on the fund's page.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The committee member who confirms the awards; empty: any administrator.",
    )
    is_active = models.BooleanField(default=True)
    committed_cents = models.IntegerField(default=0)
    paid_cents = models.IntegerField(default=0)
    awards_made = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sponsor__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_cents__gte=F("committed_cents") + F("paid_cents")),
                name="fund_never_spends_more_than_its_budget",
            ),
            models.CheckConstraint(
                condition=Q(awards_made__lte=F("max_awards")),
                name="fund_never_makes_more_awards_than_it_may",
            ),
            models.CheckConstraint(
                condition=Q(committed_cents__gte=0) & Q(paid_cents__gte=0) & Q(awards_made__gte=0),
                name="fund_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(award_cents__gt=0), name="fund_award_greater_than_zero"
            ),
            models.CheckConstraint(
                condition=Q(pays_enrollment=True) | Q(pays_class=True) | Q(pays_renewal=True),
                name="fund_pays_for_something",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scholarships:fund", kwargs={"slug": self.slug})

    def _money(self, cents: int) -> Money:
        return Money(cents, self.currency)

    @property
    def budget(self) -> Money:
        return self._money(self.budget_cents)

    @property
    def award_amount(self) -> Money:
        return self._money(self.award_cents)

    @property
    def committed(self) -> Money:
        return self._money(self.committed_cents)

    @property
    def paid(self) -> Money:
        return self._money(self.paid_cents)

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.committed_cents - self.paid_cents

    @property
    def remaining(self) -> Money:
        return self._money(self.remaining_cents)

    @property
    def awards_left(self) -> int:
        """Awards the fund can still make: limited by its count and by its money."""
        return eligibility.awards_left(
            max_awards=self.max_awards,
            awards_made=self.awards_made,
            remaining_cents=self.remaining_cents,
            award_cents=self.award_cents,
        )

    @property
    def purposes(self) -> list[Purpose]:
        flags = (
            (self.pays_enrollment, Purpose.ENROLLMENT),
            (self.pays_class, Purpose.CLASS),
            (self.pays_renewal, Purpose.RENEWAL),
        )
        return [purpose for on, purpose in flags if on]

    @cached_property
    def experience_words(self):  # -> programs.experience.ExperienceWords
        """What the program whose fees it pays calls experience ("library experience")."""
        from certify.programs.models import Program

        program = self.program if self.program_id else None
        program = program or Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()
        return (
            program or Program(workplace_noun="library", experience_field="library")
        ).experience_words

    @property
    def state_list(self) -> list[str]:
        return [s.strip().upper() for s in self.states.split(",") if s.strip()]

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class RubricCriterion(models.Model):
    """One line of a fund's rubric: what the committee scores, out of how many points."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    max_points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="one_criterion_name_per_fund"),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="criterion_worth_at_least_a_point"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (out of {self.max_points})"


class ScholarshipApplication(ScholarshipApplicationWorkflow):
    """A person's application to one fund, with a short statement.

    Its statuses and moves are in `certify/scholarships/workflows/application.py`."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scholarship_applications"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    statement = models.TextField()
    class_details = models.CharField(
        max_length=300, blank=True, help_text="For a class: its title, provider and dates."
    )
    state_of_employment = models.CharField(max_length=2, blank=True)
    years_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(
        blank=True, help_text="Why it was awarded or not; the applicant sees it."
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "applicant"],
                condition=~Q(status="withdrawn"),
                name="one_live_scholarship_application_per_fund",
            ),
        ]
        indexes = [models.Index(fields=["fund", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.fund}"

    def get_absolute_url(self) -> str:
        return reverse("scholarships:application", kwargs={"pk": self.pk})


class Scorecard(models.Model):
    """One committee member's scores for one application: one row each, so members saving at the
    same moment never overwrite each other."""

    application = models.ForeignKey(
        ScholarshipApplication, on_delete=models.CASCADE, related_name="scorecards"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total_points = models.PositiveIntegerField(default=0)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scored_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="one_scorecard_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} on application {self.application_id}"


class CriterionScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.points} for criterion {self.criterion_id}"


class Draw(models.Model):
    """A random draw: the seed, the ordered list drawn from and the winners, kept to re-check."""

    ALGORITHM = "python-random-sample-v1"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="draws")
    number = models.PositiveIntegerField(help_text="1 for the fund's first draw, and so on.")
    seed = models.CharField(max_length=64)
    pool = models.JSONField(
        help_text="The ids of the eligible applications, in the order drawn from."
    )
    # By reference, never by name (`certify/scholarships/left_out.py` reads it).
    excluded = models.JSONField(
        default=dict,
        blank=True,
        help_text="Applications left out of the pool, by id: the applicant's id and why, in the "
        "committee's words with {applicant} where the name goes.",
    )
    places = models.PositiveSmallIntegerField(help_text="How many awards were drawn.")
    winners = models.JSONField(help_text="The ids of the applications drawn, in the order drawn.")
    algorithm = models.CharField(max_length=40, default=ALGORITHM)
    breaks_tie = models.BooleanField(
        default=False,
        help_text="Drawn among applications with the same mean score for the last places.",
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="one_draw_number_per_fund")
        ]

    def __str__(self) -> str:
        return f"Draw {self.number} of {self.fund}"

    def get_absolute_url(self) -> str:
        return reverse("scholarships:draw", kwargs={"pk": self.pk})


class Award(AwardWorkflow):
    """Money a fund gives one applicant: committed until it is used, then paid.

    Enrollment and renewal awards become a credit on the person's invoice; the award is paid
    once that invoice is settled. Class awards are paid when the sponsor records the payment.
    A withdrawn or expired award returns its money to the fund. Its statuses and moves are in
    `certify/scholarships/workflows/award.py`.
    """

    LIVE = (AwardWorkflow.Status.COMMITTED, AwardWorkflow.Status.PAID)

    application = models.OneToOneField(
        ScholarshipApplication, on_delete=models.PROTECT, related_name="award"
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="awards")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scholarship_awards"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    amount_cents = models.PositiveIntegerField()
    awarded_on = models.DateField()
    use_by = models.DateField(help_text="Not used by this day, the award returns to the fund.")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draw = models.ForeignKey(
        Draw, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    invoice = models.ForeignKey(
        "payments.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credit_source = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why it is not used yet.")
    paid_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.TextField(blank=True)
    # Set when it ended because the program rejected this (program) application: an appeal
    # that sends the rejection back restores it, once (`award_restore`).
    ended_by_rejection_of = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="award_greater_than_zero"),
        ]
        indexes = [
            models.Index(fields=["recipient", "status"]),
            models.Index(fields=["status", "use_by"]),
        ]

    def __str__(self) -> str:
        return f"Award {self.pk}: {self.amount.with_cents()} to {self.recipient}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.fund.currency)

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class AwardPayment(models.Model):
    """A class award paid out by the sponsor, to the candidate or to the class's provider."""

    class Payee(models.TextChoices):
        CANDIDATE = "candidate", "The candidate (reimbursed)"
        PROVIDER = "provider", "The class provider"

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="payment")
    payee = models.CharField(max_length=10, choices=Payee.choices)
    payee_name = models.CharField(max_length=200)
    reference = models.CharField(max_length=100, help_text="Check number or transfer reference.")
    paid_on = models.DateField()
    amount_cents = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Payment of award {self.award_id} to {self.payee_name}"
