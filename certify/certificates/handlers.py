"""What certificates do when other apps act: a completed plan gets its certificate; a completed
set gets its own credential (ADR 0035)."""

from typing import Any

from certify.applications.models import Application
from certify.certificates.services.issuance import certificate_create_for_plan
from certify.certificates.services.set_credentials import set_credentials_ensure
from certify.core.events import subscriber
from certify.progress.api import PLAN_SET_SATISFIED, on_plan_complete


@on_plan_complete
def plan_completed(*, application: Any, actor: Any) -> None:
    certificate_create_for_plan(application=application, actor=actor)


@subscriber(PLAN_SET_SATISFIED)
def set_credential_issue(*, event_id: int, application_id: int, **_: object) -> None:
    """Issue the completed set's credential. Idempotent: `set_credentials_ensure` makes only the
    credentials the plan's complete sets do not have yet (the certificate, when this set
    completed the plan, already made it)."""
    application = Application.objects.get(pk=application_id)
    set_credentials_ensure(application=application)
