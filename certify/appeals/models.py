from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from certify.appeals.workflow import AppealWorkflow
from certify.programs.api import program_day


class Appeal(AppealWorkflow):
    """An appeal against any decision (an application, later a portfolio verdict).

    Notice within the program's notice days of the decision, full grounds within its grounds
    days; a staff member other than the one who decided upholds the decision or sends it back.
    Its statuses and moves are in `certify/appeals/workflow.py`.
    """

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who made the decision appealed against: they may not review the appeal.",
    )
    decided_at = models.DateTimeField()
    notice_at = models.DateTimeField(auto_now_add=True)
    grounds = models.TextField(blank=True)
    grounds_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_reason = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-notice_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=Q(status__in=["notice", "grounds"]),
                name="one_open_appeal_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal by {self.appellant} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NOTICE_GIVEN, self.Status.GROUNDS_SUBMITTED)

    # Its days in the program's time zone (RULINGS: dates are shown there), as the appeal's
    # window counts them (`services.appeal_window`): a Denver decision at 23:30 is of that day.
    @property
    def decided_on(self) -> date:
        return program_day(self.decided_at, self.program)

    @property
    def notice_on(self) -> date:
        return program_day(self.notice_at, self.program)

    @property
    def grounds_on(self) -> date | None:
        return program_day(self.grounds_at, self.program) if self.grounds_at else None
