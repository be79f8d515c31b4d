from datetime import date
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from certify.accounts.invitation_workflow import ColleagueInvitationWorkflow
from certify.core.links import link_last_day


class Role(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    PROGRAM_STAFF = "program_staff", "Program staff"
    REVIEWER = "reviewer", "Portfolio reviewer"
    PROVIDER = "provider", "Course provider"
    SPONSOR = "sponsor", "Scholarship sponsor"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. The e-mail address is the login; names may be in any script."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(
        "full name",
        max_length=200,
        help_text="As it should appear on your certificate.",
    )
    preferred_name = models.CharField(
        "preferred name", max_length=100, blank=True, help_text="What we call you in messages."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0] or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this person holds; read once per request."""
        joined = getattr(self, "request_roles", None)  # loaded with the signed-in user
        if joined is not None:
            return frozenset(r for r in joined.split(",") if r)
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "role_assignments" in cache:
            return frozenset(a.role for a in cache["role_assignments"])
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.roles


class RoleAssignment(models.Model):
    """One role that one person holds. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class EndedRole(models.Model):
    """A period in which a person held a role, now ended: kept when staff take the role away
    (the `RoleAssignment` itself goes, so every check of who holds a role reads one table).
    Granted again later, the role is a new period: a new assignment, and a new row here when
    that one ends. Who granted and ended it, when, and why (when they said) are the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ended_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField()
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-ended_at", "-id"]
        indexes = [models.Index(fields=["user", "role", "-ended_at"], name="ended_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} (ended)"


class PersonalAccessToken(models.Model):
    """A token for the REST API. Only a hash is stored; the token is shown once."""

    class Scope(models.TextChoices):
        APPLICATIONS = "applications", "Your application"
        PORTFOLIOS = "portfolios", "Your portfolios"
        REVIEWS = "reviews", "Your portfolio reviews"
        PAYMENTS = "payments", "Your invoices and payments"
        SCHOLARSHIPS = (
            "scholarships",
            "Your scholarship applications (sponsors: your funds; program staff: every fund)",
        )
        CERTIFICATES = "certificates", "Your certificates"
        RENEWALS = "renewals", "Your continuing-education log and certificate renewal"
        STAFF = "staff", "Staff decisions (program staff only)"
        WEBHOOKS = "webhooks", "Webhook endpoints you manage, and certificate shares"
        ACCOUNT = "account", "Your account: notifications, e-mail preferences, invitations, tokens"
        # Everything the other scopes guard, and more, in one download: a scope of its own.
        EXPORT = "export", "A copy of all your data (the privacy page's download)"
        CONFLICTS = "conflicts", "Your declared conflicts of interest (people who decide)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What you use it for.")
    prefix = models.CharField(max_length=12, unique=True)
    hashed = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    roles = models.JSONField(
        default=list,
        help_text="The roles it acts with: those its scopes need that the person held when it "
        "was made. Each request uses the ones the person still holds.",
    )
    made_with_mfa = models.BooleanField(
        default=False, help_text="Two-factor authentication was on when it was made."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ConflictDeclaration(models.Model):
    """A conflict of interest someone who decides (staff, a reviewer, a sponsor's committee
    member, a provider's staff) declared with a person or an organisation (a library). While it
    stands they take no decision about that person, or about anyone who works at that library
    (ADR 0022); reviewer assignment skips them. Withdrawn, it is kept for the record."""

    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    # A person, by e-mail address: matched to their account whenever there is one (the form
    # answers the same either way, so it tells nobody whether an address has an account).
    person_email = models.EmailField("person's e-mail address", blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.CharField("library or organization", max_length=200, blank=True)
    organisation_key = models.CharField(max_length=200, blank=True, db_index=True)
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~models.Q(person_email="") & models.Q(organisation_key=""))
                    | (models.Q(person_email="") & ~models.Q(organisation_key=""))
                ),
                name="conflict_names_a_person_or_an_organisation",
            ),
            models.UniqueConstraint(
                fields=["declared_by", "person_email", "organisation_key"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_conflict_each",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declared_by} ✕ {self.person_email or self.organisation}"

    @property
    def with_whom(self) -> str:
        return self.person_email or self.organisation


class ColleagueInvitation(ColleagueInvitationWorkflow):
    """An invitation to act for an organisation (a course provider, a scholarship sponsor), sent
    to an e-mail address. Until the person accepts it, signed in with that address verified,
    nothing is attached: no membership, no role.

    The organisation is named by `kind` (the app that registered it, `accounts/invitations.py`)
    and its id; `organisation_name` is kept as it was when the invitation was sent, for the
    e-mail and the lists. Only a hash of the link's token is stored; the link is e-mailed once.
    Its statuses and moves are in `certify/accounts/invitation_workflow.py`.
    """

    kind = models.CharField(max_length=20)
    organisation_id = models.PositiveBigIntegerField()
    organisation_name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=20, blank=True, help_text="The organization's own role offered, if it has any."
    )
    email = models.EmailField("e-mail address")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "organisation_id", "status"], name="invitation_org_idx"),
            models.Index(fields=["email", "status"], name="invitation_email_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "organisation_id", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_each",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation_name}"

    @property
    def expires_on(self) -> date:
        """The day the invitation expires, as every page and e-mail writes it: the day in the
        site's time zone (`TIME_ZONE`), named here rather than whatever zone a page is rendered
        under. Not a program's zone: an invitation is for an organization (a course provider, a
        scholarship sponsor), which has no time zone and works with every program whatever
        theirs, and the site, not a program, signs the invitation e-mail (ADR 0025). It ends at
        the midnight after that day (`core.links.link_ends`), so the day is the one before."""
        return link_last_day(self.expires_at, timezone.get_default_timezone())

    @property
    def role_label(self) -> str:
        """The offered role as people read it ("Committee member"), from the kind's app."""
        from certify.accounts.invitations import kind_of  # it imports this module

        return str(kind_of(self.kind).roles.get(self.role, "")) if self.role else ""
