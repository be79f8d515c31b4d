from django.conf import settings
from django.db import models

from certify.memberships.workflow import SPONSOR_CHECKED, STAFF_CHECKED, MembershipWorkflow


class Organisation(models.Model):
    """A body whose membership matters to a program: a member price, or scholarship eligibility."""

    class ConfirmedBy(models.TextChoices):
        PROGRAM_STAFF = STAFF_CHECKED, "Program staff"
        SPONSOR = SPONSOR_CHECKED, "Scholarship sponsor"

    code = models.CharField(max_length=20, unique=True, help_text="Short code, e.g. ALA or SSD.")
    name = models.CharField(max_length=200)
    confirmed_by = models.CharField(
        max_length=20,
        choices=ConfirmedBy.choices,
        default=ConfirmedBy.PROGRAM_STAFF,
        help_text="Who checks that a member number is real.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Shown to candidates, e.g. “Membership is free.”"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def confirmer(self) -> str:
        """Who confirms a membership, to begin a sentence: "Program staff", "The SSD committee"
        (the sponsor's people; "Scholarship sponsor will confirm it" read as a broken phrase)."""
        if self.confirmed_by == self.ConfirmedBy.SPONSOR:
            return f"The {self.code} committee"
        return "Program staff"


class Membership(MembershipWorkflow):
    """A person's membership of an organisation, as they recorded it, and who confirmed it.

    Its statuses and moves are in `certify/memberships/workflow.py`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    member_number = models.CharField(max_length=50)
    expires_on = models.DateField(help_text="The last day the membership is valid.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who confirmed or refused it.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was not confirmed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__code", "-expires_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation.code} {self.member_number}"

    def is_current(self, on) -> bool:
        return self.status == self.Status.CONFIRMED and self.expires_on >= on
