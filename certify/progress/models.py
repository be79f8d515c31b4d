from django.conf import settings
from django.db import models

from certify.progress.workflow import PlannedSetWorkflow


class PlannedSet(PlannedSetWorkflow):
    """One competency set in an enrolled candidate's plan: how they will show it, and whether
    they have. Core sets are always in the plan; electives are the ones the candidate chose."""

    class Route(models.TextChoices):
        UNDECIDED = "", "Not chosen yet"
        COURSE = "course", "Approved course"
        PORTFOLIO = "portfolio", "Portfolio"
        PROGRAMME = "programme", "Recognized college program"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="planned_sets"
    )
    competency_set = models.ForeignKey(
        "programs.CompetencySet", on_delete=models.PROTECT, related_name="+"
    )
    route = models.CharField(max_length=10, choices=Route.choices, default="", blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    satisfied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who confirmed it (staff, a provider, or the system).",
    )
    evidence = models.CharField(
        max_length=300, blank=True, help_text="What satisfied the set, e.g. a course completion."
    )
    # The set of an earlier framework version this row was carried from when staff moved the
    # candidate to a newer version (ADR 0056): "completed as FLS of version 1".
    carried_from = models.ForeignKey(
        "programs.CompetencySet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competency_set__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "competency_set"], name="one_plan_row_per_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.candidate}: {self.competency_set} ({self.get_status_display()})"

    @property
    def is_satisfied(self) -> bool:
        return self.status == self.Status.SATISFIED

    @property
    def next_step(self) -> str:
        """The next thing the candidate does for this set, in their words ("" when complete)."""
        if self.is_satisfied:
            return ""
        if not self.route:
            return (
                "Choose how you will show this set: an approved course, a portfolio, or a "
                "recognized college program."
            )
        if self.route == self.Route.COURSE:
            return "Complete an approved course for this set and record the completion."
        if self.route == self.Route.PROGRAMME:
            return "Claim your recognized college program; staff confirm it."
        if self.status == self.Status.NOT_STARTED:
            return "Start the portfolio: a response per competency and a learning statement."
        return "Finish and submit the portfolio, or follow its review."
