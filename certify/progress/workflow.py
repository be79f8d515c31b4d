"""The workflow of one set in a candidate's plan: not started, in progress, complete.

`PlannedSet` inherits this. Nobody completes a set by hand: a route's own decision does (a course
completion confirmed, a portfolio passed by its reviewers, a programme claim accepted), and
Certify then moves the set; `satisfied_by` keeps the person whose decision it was.
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, system

CERTIFY = system("Certify itself, when a route's decision completes the set")

__all__ = ["CERTIFY", "PlannedSetWorkflow"]


class PlannedSetWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SATISFIED = "satisfied", "Complete"

    S = Status
    status = FSMField(
        max_length=12, choices=Status.choices, default=Status.NOT_STARTED, protected=True
    )
    workflow = WorkflowSpec(
        name="plan_set", noun="set", event_data=("application", "competency_set", "route")
    )

    class Meta:
        abstract = True

    @move("status", source=S.NOT_STARTED, target=S.IN_PROGRESS, by=[CERTIFY], label="Start")
    def start(self) -> None:
        pass

    # A completed set is never redone: nothing leaves "Complete".
    @move(
        "status",
        source=[S.NOT_STARTED, S.IN_PROGRESS],
        target=S.SATISFIED,
        by=[CERTIFY],
        label="Complete",
    )
    def satisfy(self) -> None:
        pass
