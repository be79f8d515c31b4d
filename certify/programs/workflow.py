"""The workflow of a competency framework version: drafted, published, retired (ADR 0056).

`FrameworkVersion` inherits this. Program staff publish a draft; publishing retires the version
that was current, which Certify moves in the same transaction. A retired version stays the
framework of the candidates enrolled under it.
"""

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import FSMField, WorkflowModel, WorkflowSpec, move, role, system

STAFF = role(Role.PROGRAM_STAFF, "program staff")
CERTIFY = system("Certify itself, when a newer version of the framework is published")

__all__ = ["CERTIFY", "STAFF", "FrameworkVersionWorkflow"]


class FrameworkVersionWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published (current)"
        RETIRED = "retired", "Retired for new candidates"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.DRAFT, protected=True)
    workflow = WorkflowSpec(
        name="framework_version", noun="framework version", event_data=("program",)
    )

    class Meta:
        abstract = True

    @move("status", source=S.DRAFT, target=S.PUBLISHED, by=[STAFF], label="Publish")
    def publish(self) -> None:
        pass

    # Only as part of publishing its successor: a program always has a current version once it
    # has published one.
    @move("status", source=S.PUBLISHED, target=S.RETIRED, by=[CERTIFY], label="Retire")
    def retire(self) -> None:
        pass
