"""The completion-import workflow: Certify checks an uploaded CSV in the background, the
provider's staff look at the preview and start the import (or cancel it), and Certify imports
the rows; either background step may fail.

Not a pure technical state: starting and cancelling are a person's decisions for a provider, so
they go through the engine with the rest. `CompletionImport` inherits this; the audit row is the
record of each move (its row counts stay plain fields).
"""

from django.db import models

from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, system
from certify.courses.workflows.relations import provider_staff

PROVIDER = provider_staff(lambda imp: imp.provider_id, "the provider's staff")
CERTIFY = system("Certify itself (the background check and import)")

__all__ = ["CERTIFY", "PROVIDER", "CompletionImportWorkflow"]


class CompletionImportWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the rows"
        CHECKED = "checked", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Could not be read"
        CANCELLED = "cancelled", "Canceled"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.CHECKING, protected=True
    )
    workflow = WorkflowSpec(
        name="completion_import", noun="import", event_data=("provider", "course")
    )

    class Meta:
        abstract = True

    @move("status", source=S.CHECKING, target=S.CHECKED, by=[CERTIFY], label="Checked")
    def finish_check(self) -> None:
        pass

    @move("status", source=S.CHECKED, target=S.IMPORTING, by=[PROVIDER], label="Import the rows")
    def start_import(self) -> None:
        pass

    @move("status", source=S.CHECKED, target=S.CANCELLED, by=[PROVIDER], label="Cancel")
    def cancel(self) -> None:
        pass

    @move("status", source=S.IMPORTING, target=S.DONE, by=[CERTIFY], label="Imported")
    def finish_import(self) -> None:
        pass

    @move(
        "status",
        source=[S.CHECKING, S.IMPORTING],
        target=S.FAILED,
        by=[CERTIFY],
        label="Could not be read",
    )
    def fail(self) -> None:
        pass
