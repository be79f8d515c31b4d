"""What certificates do when other apps act: a completed plan gets its certificate."""

from typing import Any

from certify.certificates.services.issuance import certificate_create_for_plan
from certify.progress.api import on_plan_complete


@on_plan_complete
def plan_completed(*, application: Any, actor: Any) -> None:
    certificate_create_for_plan(application=application, actor=actor)
